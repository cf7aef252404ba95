using System.Net.Http.Headers;

namespace UcStack.C3P;

/// <summary>
/// The client side of the HTTPS binding (focus → MCU control, digest §1): POSTs a C3P request as
/// <c>application/cccp+xml</c> and reads the C3P response from the 200 body. The request timeout runs on a
/// <see cref="TimeProvider"/>; the response body is size-limited.
/// </summary>
/// <remarks>Thread-safe. The <see cref="HttpClient"/> is the caller's (configure TLS client certificates there).</remarks>
public sealed class C3PHttpClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client (not disposed by this object).</param>
    /// <param name="endpoint">The MCU's (or MCU factory's) C3P URL.</param>
    /// <param name="timeProvider">The clock for <see cref="Timeout"/>; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public C3PHttpClient(HttpClient http, Uri endpoint, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response body read.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Sends a request and returns the response that answers it (success or failure).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="C3PHttpException">A non-200 status, a body that is not a C3P response answering the request,
    /// a body above the limit, or a connection failure.</exception>
    /// <exception cref="C3PRequestTimeoutException">No response within <see cref="Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<C3PResponse> SendAsync(C3PRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = new RequestDeadline(Timeout, _time, cancellationToken);
        using var content = new ByteArrayContent(C3PXml.Write(request));
        content.Headers.ContentType = new MediaTypeHeaderValue(C3PNamespaces.CccpContentType);
        try
        {
            using var response = await _http.PostAsync(_endpoint, content, deadline.Token).ConfigureAwait(false);
            if ((int)response.StatusCode != 200) throw new C3PHttpException((int)response.StatusCode, $"HTTP {(int)response.StatusCode} from {_endpoint}");
            if (!C3PHttpHandler.IsCccp(response.Content.Headers.ContentType?.ToString()))
                throw new C3PHttpException(200, "the response is not application/cccp+xml");
            byte[]? body;
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                body = await C3PHttpHandler.ReadLimitedAsync(stream, MaxResponseBytes, deadline.Token).ConfigureAwait(false);
            }

            if (body is null) throw new C3PHttpException(200, "the response body is too large");
            if (!C3PXml.TryParse(body, out var message, out var error)) throw new C3PHttpException(200, "the response does not parse: " + error.Message);
            if (message is not C3PResponse c3p || !c3p.Answers(request)) throw new C3PHttpException(200, "the body does not answer the request");
            return c3p;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new C3PRequestTimeoutException($"{request.Command.Name} got no HTTP response within {Timeout}");
        }
        catch (HttpRequestException ex)
        {
            throw new C3PHttpException(0, "the HTTP request failed: " + ex.Message, ex);
        }
    }
}

/// <summary>The HTTPS binding failed below C3P (status, content type, body).</summary>
public sealed class C3PHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public C3PHttpException() : base("The C3P HTTP request failed.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public C3PHttpException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public C3PHttpException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status (0 without a response).</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public C3PHttpException(int statusCode, string message, Exception? innerException = null) : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status (0 without a response).</summary>
    public int StatusCode { get; }
}
