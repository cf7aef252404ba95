using System.Net;
using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Interop;

/// <summary>Our side of the sipp runs: a <see cref="SipEndpoint"/> and <see cref="SipUserAgent"/> on real loopback sockets.</summary>
internal sealed class SippPeer : IAsyncDisposable
{
    private static readonly byte[] Sdp = Encoding.ASCII.GetBytes(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=inactive\r\n");

    private long _answered;
    private long _completed;
    private long _answerFailures;

    private SippPeer(SipEndpoint endpoint)
    {
        Endpoint = endpoint;
        Agent = new SipUserAgent(endpoint);
    }

    internal SipEndpoint Endpoint { get; }

    internal SipUserAgent Agent { get; }

    internal int Port => Endpoint.ListenPoints[0].EndPoint.Port;

    internal long Answered => Interlocked.Read(ref _answered);

    internal long Completed => Interlocked.Read(ref _completed);

    internal long AnswerFailures => Interlocked.Read(ref _answerFailures);

    /// <summary>Listens on 127.0.0.1, an OS-assigned port, one protocol; answers challenges with <paramref name="digest"/>.</summary>
    internal static SippPeer Start(SipTransportProtocol protocol, DigestClient? digest = null)
    {
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(protocol, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = "sip:ucstack@127.0.0.1", ContactUser = "ucstack", DigestClient = digest });
        var peer = new SippPeer(endpoint);
        endpoint.Start();
        return peer;
    }

    /// <summary>Answers every INVITE: 180, then 200 with an SDP answer (what sipp's <c>uac</c> scenario expects).</summary>
    internal void AnswerCalls() => Agent.IncomingCall = async call =>
    {
        try
        {
            await call.RingAsync();
            await call.AcceptAsync(Sdp, "application/sdp");
            Interlocked.Increment(ref _answered);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _answerFailures);
            return;
        }

        if ((await call.Ended).Reason == SipCallEndReason.RemoteHangUp) Interlocked.Increment(ref _completed);
    };

    /// <summary>One call to <paramref name="uri"/>: INVITE with SDP, ACK, BYE at once; <see langword="null"/> on success, else why not.</summary>
    internal async Task<string?> CallAsync(string uri, CancellationToken cancellationToken)
    {
        try
        {
            var call = await Agent.PlaceCallAsync(uri, Sdp, "application/sdp", cancellationToken: cancellationToken);
            using var bye = await call.Dialog!.SendRequestAsync("BYE", cancellationToken: cancellationToken);
            return bye.StatusCode == 200 ? null : $"{call.CallId}: BYE got {bye.StatusCode}";
        }
        catch (Exception e) when (e is SipCallFailedException or SipRequestTimeoutException or SipTransportException or OperationCanceledException or InvalidOperationException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();
}
