using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using UcStack.C3P.Tests.Focus;

namespace UcStack.C3P.Tests.Http;

/// <summary>The HTTPS binding's handler mounted on a real <see cref="HttpListener"/> on loopback (plain http in the
/// test), driven by <see cref="C3PHttpClient"/> and by raw requests.</summary>
[NonParallelizable]
public sealed class C3PHttpBindingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private HttpListener? _listener;
    private Task? _serving;
    private CancellationTokenSource? _stop;
    private HttpClient? _http;
    private FocusKit? _kit;
    private Uri _url = null!;

    [SetUp]
    public void StartServer()
    {
        // The port comes from a socket the OS bound for us, released just before the listener takes it.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        _url = new Uri($"http://127.0.0.1:{port}/c3p/");
        _kit = new FocusKit();
        var factory = _kit.Factory;

        // Server-to-server control: the test trusts the request's from (a real MCU would check the TLS client certificate).
        var handler = new C3PHttpHandler((request, ct) => factory.HandleAsync(request, new C3PCaller(request.From), ct), maxRequestBytes: 4096);
        _listener = new HttpListener();
        _listener.Prefixes.Add(_url.ToString());
        _listener.Start();
        _stop = new CancellationTokenSource();
        _serving = ServeAsync(_listener, handler, _stop.Token);
        _http = new HttpClient { Timeout = Bound };
    }

    [TearDown]
    public async Task StopServer()
    {
        _http?.Dispose();
        if (_stop is not null) await _stop.CancelAsync();
        _listener?.Stop();
        _listener?.Close();
        if (_serving is not null)
        {
            try
            {
                await _serving.WaitAsync(Bound);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
                // the listener was closed under the accept
            }
        }

        _stop?.Dispose();
        _kit?.Dispose();
    }

    private static async Task ServeAsync(HttpListener listener, C3PHttpHandler handler, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var context = await listener.GetContextAsync().WaitAsync(stop);
            await handler.HandleAsync(context.Request.InputStream, context.Request.ContentType, (status, type) =>
            {
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                return context.Response.OutputStream;
            }, stop);
            context.Response.Close();
        }
    }

    private async Task<(int Status, string Body)> PostRaw(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http!.PostAsync(_url, content).WaitAsync(Bound);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task SendAsync_RoundTripsThroughTheHandler()
    {
        var client = new C3PHttpClient(_http!, _url);
        var request = _kit!.Request(FocusKit.Ann, C3PAddress.FocusFactory(FocusKit.Ann), new GetAvailableMcuTypesCommand());
        var response = await client.SendAsync(request).WaitAsync(Bound);
        Assert.That(response.Answers(request), Is.True);
        Assert.That(((GetAvailableMcuTypesCommand)response.Command).McuTypes, Is.EqualTo(new[] { "chat", "audio-video" }));
    }

    [Test]
    public async Task SendAsync_FailureResponse_IsReturnedTyped()
    {
        var client = new C3PHttpClient(_http!, _url);
        var request = _kit!.Request(FocusKit.Ann, FocusKit.FocusUri, FocusKit.JoinCommand(FocusKit.Ann));
        var response = await client.SendAsync(request).WaitAsync(Bound);
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.ConferenceDoesNotExist));
    }

    [Test]
    public async Task Post_WrongContentType_415()
    {
        var (status, _) = await PostRaw(Encoding.UTF8.GetBytes("<request/>"), "text/plain");
        Assert.That(status, Is.EqualTo(415));
    }

    [Test]
    public async Task Post_BadXml_400()
    {
        var (status, body) = await PostRaw(Encoding.UTF8.GetBytes("<request xmlns=\"urn:ietf:params:xml:ns:cccp\""), "application/cccp+xml");
        Assert.That(status, Is.EqualTo(400));
        Assert.That(body, Does.StartWith("C3P parse failure"));
    }

    [Test]
    public async Task Post_Response_400()
    {
        var request = _kit!.Request(FocusKit.Ann, C3PAddress.FocusFactory(FocusKit.Ann), new GetAvailableMcuTypesCommand());
        var response = request.CreateResponse(C3PResponseCode.Success, new GetAvailableMcuTypesCommand());
        var (status, _) = await PostRaw(C3PXml.Write(response), "application/cccp+xml; charset=utf-8");
        Assert.That(status, Is.EqualTo(400));
    }

    [Test]
    public async Task Post_OverTheSizeLimit_413()
    {
        var (status, _) = await PostRaw(new byte[8192], "application/cccp+xml");
        Assert.That(status, Is.EqualTo(413));
    }

    [Test]
    public void SendAsync_ServerAnswersNon200_TypedHttpError()
    {
        var client = new C3PHttpClient(_http!, new Uri(_url, "/not-c3p/"));
        var request = _kit!.Request(FocusKit.Ann, C3PAddress.FocusFactory(FocusKit.Ann), new GetAvailableMcuTypesCommand());
        var error = Assert.ThrowsAsync<C3PHttpException>(async () => await client.SendAsync(request).WaitAsync(Bound));
        Assert.That(error!.StatusCode, Is.Not.EqualTo(200));
    }
}
