using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Transport;

namespace UcStack.Tool.Sip;

/// <summary>
/// <c>ucstack sip uas --listen HOST:PORT [--transport udp|tcp|tls] [--cert FILE [--key FILE]]</c>: answers calls
/// until SIGINT/SIGTERM, then prints its counters. Exit 0 after a clean stop, 1 when it cannot listen, 2 on usage errors.
/// </summary>
internal static class SipUasCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to listen on, e.g. 127.0.0.1:5060 or [::1]:5060 (port 0: any free port).",
            DefaultValueFactory = _ => "127.0.0.1:5060",
        };
        var transport = new Option<string>("--transport") { Description = "udp, tcp or tls.", DefaultValueFactory = _ => "udp" };
        var cert = new Option<string?>("--cert") { Description = "TLS certificate: a PKCS#12 file, or a PEM file with --key (default: a fresh development certificate for localhost, 127.0.0.1 and ::1)." };
        var key = new Option<string?>("--key") { Description = "The PEM private key of --cert." };
        var command = new Command("uas", "Answer every INVITE with 180 then 200 (and BYE, OPTIONS, MESSAGE with 200) until SIGINT/SIGTERM; then print counters")
        {
            listen, transport, cert, key,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endPoint))
            {
                await error.WriteLineAsync("--listen takes HOST:PORT with a numeric address.").ConfigureAwait(false);
                return ToolApp.ExitUsage;
            }

            if (!SipToolNetwork.TryParseTransport(parse.GetValue(transport), out var protocol))
            {
                await error.WriteLineAsync("--transport takes udp, tcp or tls.").ConfigureAwait(false);
                return ToolApp.ExitUsage;
            }

            // Stop on SIGINT/SIGTERM ourselves so the counters are printed and the exit code is 0.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            return await RunAsync(protocol, endPoint, parse.GetValue(cert), parse.GetValue(key), output, error, null, stop.Token).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the UAS until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="listening">Told the bound listen point once answering has started (tests use it for port 0).</param>
    internal static async Task<int> RunAsync(
        SipTransportProtocol protocol,
        IPEndPoint listen,
        string? certificatePath,
        string? keyPath,
        TextWriter output,
        TextWriter error,
        Action<SipListenPoint>? listening,
        CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = null;
        try
        {
            if (protocol == SipTransportProtocol.Tls)
            {
                try
                {
                    certificate = certificatePath is null ? SipToolNetwork.DevelopmentCertificate() : SipToolNetwork.LoadCertificate(certificatePath, keyPath);
                }
                catch (Exception e) when (e is Tls.TlsCertificateException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    await error.WriteLineAsync($"cannot load the certificate: {e.Message}").ConfigureAwait(false);
                    return ToolApp.ExitUsage;
                }
            }

            SipUasService service;
            try
            {
                service = SipUasService.Start(protocol, listen, certificate);
            }
            catch (SipTransportException e)
            {
                await error.WriteLineAsync($"cannot listen on {listen} ({SipToolNetwork.Name(protocol)}): {e.Message}").ConfigureAwait(false);
                return ToolApp.ExitFailed;
            }

            await using (service.ConfigureAwait(false))
            {
                var point = service.ListenPoints[0];
                await output.WriteLineAsync($"listening: {point.EndPoint} ({SipToolNetwork.Name(point.Protocol)})").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                listening?.Invoke(point);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // the normal way to stop
                }
            }

            await output.WriteLineAsync($"calls answered: {SipToolNetwork.Text(service.CallsAnswered)}, completed: {SipToolNetwork.Text(service.CallsCompleted)}").ConfigureAwait(false);
            foreach (var (method, count) in service.RequestsByMethod)
            {
                await output.WriteLineAsync($"requests {method}: {SipToolNetwork.Text(count)}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"failures: {SipToolNetwork.Text(service.Failures)}").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return ToolApp.ExitOk;
        }
        finally
        {
            certificate?.Dispose();
        }
    }
}
