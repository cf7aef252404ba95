using System.CommandLine;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Tool.Sip;

/// <summary>What <c>ucstack sip call</c> does.</summary>
/// <param name="Uri">The callee.</param>
/// <param name="Protocol">The transport.</param>
/// <param name="Calls">How many calls.</param>
/// <param name="Rate">Calls started per second.</param>
/// <param name="HoldMilliseconds">How long each call stays up before BYE.</param>
/// <param name="Insecure">TLS: accept any server certificate.</param>
internal sealed record SipCallSettings(string Uri, SipTransportProtocol Protocol, int Calls, double Rate, int HoldMilliseconds, bool Insecure);

/// <summary>
/// <c>ucstack sip call URI [--transport udp|tcp|tls] [--calls N] [--rate R] [--hold-ms M] [--insecure]</c>: places N
/// calls (INVITE with an SDP offer, ACK, BYE after M ms) at R calls/s and ends with
/// <c>calls: N attempted, X succeeded, Y failed</c>. Exit 0 only when every call succeeded.
/// </summary>
internal static class SipCallCommand
{
    // Failures printed one by one before only the total is reported, so a dead peer cannot flood stderr.
    private const int MaxFailuresShown = 10;

    public static Command Create()
    {
        var uri = new Argument<string>("URI") { Description = "The callee, e.g. sip:alice@127.0.0.1:5060 (numeric host)." };
        var transport = new Option<string>("--transport") { Description = "udp, tcp or tls.", DefaultValueFactory = _ => "udp" };
        var calls = new Option<int>("--calls") { Description = "Number of calls.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = "Calls started per second.", DefaultValueFactory = _ => 10 };
        var hold = new Option<int>("--hold-ms") { Description = "Milliseconds each call stays up before BYE.", DefaultValueFactory = _ => 0 };
        var insecure = new Option<bool>("--insecure") { Description = "TLS: accept any server certificate (development only)." };
        var command = new Command("call", "Place calls (INVITE, ACK, BYE) and report how many succeeded; exit 0 only when all did")
        {
            uri, transport, calls, rate, hold, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!SipToolNetwork.TryParseTransport(parse.GetValue(transport), out var protocol))
            {
                await error.WriteLineAsync("--transport takes udp, tcp or tls.").ConfigureAwait(false);
                return ToolApp.ExitUsage;
            }

            var settings = new SipCallSettings(parse.GetValue(uri)!, protocol, parse.GetValue(calls), parse.GetValue(rate), parse.GetValue(hold), parse.GetValue(insecure));
            return await RunAsync(settings, parse.InvocationConfiguration.Output, error, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Places the calls.</summary>
    internal static async Task<int> RunAsync(SipCallSettings settings, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        if (settings.Calls <= 0 || settings.Rate <= 0 || !double.IsFinite(settings.Rate) || settings.HoldMilliseconds < 0)
        {
            await error.WriteLineAsync("--calls and --rate must be positive, --hold-ms not negative.").ConfigureAwait(false);
            return ToolApp.ExitUsage;
        }

        var (session, problem) = SipClientSession.Start(settings.Uri, settings.Protocol, settings.Insecure, "ucstack");
        if (session is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ToolApp.ExitUsage;
        }

        var failuresShown = 0;
        var succeeded = 0;
        await using (session.ConfigureAwait(false))
        {
            var offer = SipToolSdp.Offer(session.LocalAddress);
            var started = time.GetTimestamp();
            var running = new List<Task<string?>>(settings.Calls);
            for (var i = 0; i < settings.Calls; i++)
            {
                // Pace by schedule (call i at i/R s) rather than by fixed gaps, so slow starts do not lower the rate.
                var due = TimeSpan.FromSeconds(i / settings.Rate) - time.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                running.Add(PlaceOneAsync(session, offer, settings.HoldMilliseconds, time, cancellationToken));
            }

            foreach (var call in running)
            {
                var failure = await call.ConfigureAwait(false);
                if (failure is null)
                {
                    succeeded++;
                }
                else if (failuresShown++ < MaxFailuresShown)
                {
                    await error.WriteLineAsync(failure).ConfigureAwait(false);
                }
            }
        }

        var failed = settings.Calls - succeeded;
        await output.WriteLineAsync($"calls: {SipToolNetwork.Text(settings.Calls)} attempted, {SipToolNetwork.Text(succeeded)} succeeded, {SipToolNetwork.Text(failed)} failed").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return failed == 0 ? ToolApp.ExitOk : ToolApp.ExitFailed;
    }

    /// <summary>One call; returns <see langword="null"/> on success, else what went wrong.</summary>
    private static async Task<string?> PlaceOneAsync(SipClientSession session, byte[] offer, int holdMilliseconds, TimeProvider time, CancellationToken cancellationToken)
    {
        SipCall call;
        try
        {
            call = await session.Agent.PlaceCallAsync(session.RequestUri, offer, SipToolSdp.ContentType, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (SipCallFailedException e)
        {
            return $"call rejected: {e.StatusCode} {e.ReasonPhrase}";
        }
        catch (Exception e) when (e is SipRequestTimeoutException or SipTransportException or OperationCanceledException or ObjectDisposedException)
        {
            return $"call failed: {e.Message}";
        }

        try
        {
            if (holdMilliseconds > 0) await Task.Delay(TimeSpan.FromMilliseconds(holdMilliseconds), time, cancellationToken).ConfigureAwait(false);

            // BYE through the dialog rather than HangUpAsync so the BYE's own final response is checked (RFC 3261 §15.1.1).
            using var bye = await call.Dialog!.SendRequestAsync("BYE", cancellationToken: cancellationToken).ConfigureAwait(false);
            return bye.StatusCode is >= 200 and < 300 ? null : $"call {call.CallId}: BYE answered {bye.StatusCode} {bye.ReasonPhrase}";
        }
        catch (Exception e) when (e is SipRequestTimeoutException or SipTransportException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return $"call {call.CallId}: BYE failed: {e.Message}";
        }
    }
}
