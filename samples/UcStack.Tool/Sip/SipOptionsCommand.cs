using System.CommandLine;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Tool.Sip;

/// <summary>
/// <c>ucstack sip options URI [--transport udp|tcp|tls] [--insecure]</c>: sends OPTIONS (RFC 3261 §11) and prints the
/// status line and the Allow and Supported headers. Exit 0 on a 2xx, 1 otherwise, 2 on usage errors.
/// </summary>
internal static class SipOptionsCommand
{
    public static Command Create()
    {
        var uri = new Argument<string>("URI") { Description = "The URI queried, e.g. sip:127.0.0.1:5060 (numeric host)." };
        var transport = new Option<string>("--transport") { Description = "udp, tcp or tls.", DefaultValueFactory = _ => "udp" };
        var insecure = new Option<bool>("--insecure") { Description = "TLS: accept any server certificate (development only)." };
        var command = new Command("options", "Send OPTIONS and print the status line, Allow and Supported; exit 0 on 2xx") { uri, transport, insecure };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!SipToolNetwork.TryParseTransport(parse.GetValue(transport), out var protocol))
            {
                await error.WriteLineAsync("--transport takes udp, tcp or tls.").ConfigureAwait(false);
                return ToolApp.ExitUsage;
            }

            return await RunAsync(parse.GetValue(uri)!, protocol, parse.GetValue(insecure), parse.InvocationConfiguration.Output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Sends one OPTIONS and reports the answer.</summary>
    internal static async Task<int> RunAsync(string uri, SipTransportProtocol protocol, bool insecure, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (session, problem) = SipClientSession.Start(uri, protocol, insecure, "ucstack");
        if (session is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ToolApp.ExitUsage;
        }

        await using (session.ConfigureAwait(false))
        {
            try
            {
                using var response = await session.Agent.SendOptionsAsync(session.RequestUri, cancellationToken: cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"SIP/2.0 {SipToolNetwork.Text(response.StatusCode)} {response.ReasonPhrase}").ConfigureAwait(false);
                foreach (var name in (string[])["Allow", "Supported"])
                {
                    var values = response.Headers.GetValues(name);
                    await output.WriteLineAsync($"{name}: {(values.Count == 0 ? "(none)" : string.Join(", ", values))}").ConfigureAwait(false);
                }

                return response.StatusCode is >= 200 and < 300 ? ToolApp.ExitOk : ToolApp.ExitFailed;
            }
            catch (Exception e) when (e is SipRequestTimeoutException or SipTransportException or OperationCanceledException)
            {
                await error.WriteLineAsync($"OPTIONS failed: {e.Message}").ConfigureAwait(false);
                return ToolApp.ExitFailed;
            }
        }
    }
}
