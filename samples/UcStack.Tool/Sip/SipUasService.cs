using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Tool.Sip;

/// <summary>
/// The answering side of <c>ucstack sip uas</c>: a <see cref="SipEndpoint"/> and <see cref="SipUserAgent"/> on one
/// socket listen point that rings (180) and accepts (200 with an SDP answer) every INVITE, and answers OPTIONS,
/// MESSAGE and BYE with 200. Counts what it did. Thread-safe.
/// </summary>
internal sealed class SipUasService : IAsyncDisposable
{
    private readonly SipEndpoint _endpoint;
    private readonly IPAddress _mediaAddress;
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private long _callsAnswered;
    private long _callsCompleted;
    private long _failures;

    private SipUasService(SipEndpoint endpoint, IPAddress mediaAddress)
    {
        _endpoint = endpoint;
        _mediaAddress = mediaAddress;
        Agent = new SipUserAgent(endpoint) { IncomingCall = OnCallAsync };
        endpoint.RequestReceived = OnRequestAsync;
    }

    /// <summary>The user agent that takes the calls.</summary>
    internal SipUserAgent Agent { get; }

    /// <summary>Where it listens (the bound port when 0 was asked for).</summary>
    internal IReadOnlyList<SipListenPoint> ListenPoints => _endpoint.ListenPoints;

    /// <summary>INVITEs answered with 200.</summary>
    internal long CallsAnswered => Interlocked.Read(ref _callsAnswered);

    /// <summary>Answered calls the peer ended with BYE.</summary>
    internal long CallsCompleted => Interlocked.Read(ref _callsCompleted);

    /// <summary>Requests that could not be answered, and calls that ended other than by the peer's BYE.</summary>
    internal long Failures => Interlocked.Read(ref _failures);

    /// <summary>Requests received, by method (ACKs for 2xx are absorbed by the stack and not counted).</summary>
    internal IReadOnlyDictionary<string, long> RequestsByMethod => new SortedDictionary<string, long>(_requests, StringComparer.Ordinal);

    /// <summary>Binds and starts answering.</summary>
    /// <exception cref="SipTransportException">The listen point cannot be bound.</exception>
    internal static SipUasService Start(SipTransportProtocol protocol, IPEndPoint listen, X509Certificate2? certificate)
    {
        var transport = SipToolNetwork.Start(protocol, listen, certificate, insecure: false);
        // Over UDP every call leaves two server transactions behind for 64*T1 = 32 s (the INVITE's RFC 6026
        // Accepted state, timer L, and the BYE's timer J, RFC 3261 §17.2.2), so the library default of 10 000
        // caps a UDP UAS near 150 calls/s. Sized here for 2 000 calls/s: 2 * 2 000 * 32 = 128 000.
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions
        {
            LocalUri = "sip:uas@" + FormatHost(listen.Address),
            UserAgent = "ucstack-uas",
            MaxTransactions = 160_000,
            MaxDialogs = 50_000,
        });
        var service = new SipUasService(endpoint, listen.Address);
        endpoint.Start();
        return service;
    }

    /// <summary>Stops answering and releases the socket.</summary>
    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private void Count(string method) => _requests.AddOrUpdate(method, 1, static (_, n) => n + 1);

    private async Task OnCallAsync(SipCall call)
    {
        Count("INVITE");
        try
        {
            await call.RingAsync().ConfigureAwait(false);
            await call.AcceptAsync(SipToolSdp.Answer(_mediaAddress), SipToolSdp.ContentType).ConfigureAwait(false);
            Interlocked.Increment(ref _callsAnswered);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or ArgumentException)
        {
            // cancelled by the caller meanwhile, or the endpoint is shutting down
            Interlocked.Increment(ref _failures);
            return;
        }

        var end = await call.Ended.ConfigureAwait(false);
        switch (end.Reason)
        {
            case SipCallEndReason.RemoteHangUp:
                Count("BYE");
                Interlocked.Increment(ref _callsCompleted);
                break;
            case SipCallEndReason.Disposed:
                // still up when the tool stopped: not a failure of the call
                break;
            default:
                Interlocked.Increment(ref _failures);
                break;
        }
    }

    private async Task OnRequestAsync(SipIncomingRequest incoming)
    {
        var method = incoming.Request.Method;
        Count(method);
        try
        {
            switch (method)
            {
                case "OPTIONS":
                    // RFC 3261 §11.2: OPTIONS is answered as an INVITE would be, listing what we support.
                    await incoming.RespondAsync(200, null, [new("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE"), new("Accept", SipToolSdp.ContentType)]).ConfigureAwait(false);
                    break;
                case "MESSAGE":
                    // RFC 3428 §7: a MESSAGE is accepted with 200.
                    await incoming.RespondAsync(200).ConfigureAwait(false);
                    break;
                case "BYE":
                    // RFC 3261 §15.1.2: BYEs of our calls are answered by their calls; one for no dialog we know gets 481.
                    await incoming.RespondAsync(481).ConfigureAwait(false);
                    break;
                default:
                    // RFC 3261 §8.2.1: a method we do not handle gets 405 with Allow.
                    await incoming.RespondAsync(405, null, [new("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE")]).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
