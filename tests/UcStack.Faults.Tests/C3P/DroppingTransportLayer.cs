using UcStack.Sip;
using UcStack.Sip.Transport;
using System.Threading.Channels;

namespace UcStack.Faults.Tests.C3P;

/// <summary>A transport decorator that silently loses chosen outgoing requests, retransmissions included (they are
/// the same request again), as a link would that lost every copy. Everything else passes through.</summary>
internal sealed class DroppingTransportLayer(ISipTransportLayer inner) : ISipTransportLayer
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string CallId, uint CSeq)> _doomed = [];

    /// <summary>Decides, for a request not seen before, whether every copy of it is lost.</summary>
    public Func<SipRequest, bool>? Lose { get; set; }

    public int Lost { get; private set; }

    public IReadOnlyList<SipListenPoint> ListenPoints => inner.ListenPoints;

    public ChannelReader<SipReceivedMessage> Received => inner.Received;

    public ValueTask<SipFlow> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = (request.CallId, request.CSeqNumber);
            if (_doomed.Contains(key) || Lose?.Invoke(request) == true)
            {
                _doomed.Add(key);
                Lost++;
                return ValueTask.FromResult(new SipFlow(target.Protocol, ListenPoints[0].EndPoint, target.EndPoint, 0));
            }
        }

        return inner.SendRequestAsync(request, target, cancellationToken);
    }

    public ValueTask SendResponseAsync(SipResponse response, SipFlow requestFlow, CancellationToken cancellationToken = default) =>
        inner.SendResponseAsync(response, requestFlow, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
