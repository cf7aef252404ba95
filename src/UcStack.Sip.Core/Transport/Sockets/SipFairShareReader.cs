using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace UcStack.Sip.Transport;

/// <summary>
/// The reader of the layer's receive queue: the queue's own reader, plus a callback for every message taken out,
/// so the layer can give the message's source its queue slot back (see <see cref="SipSocketTransportOptions.MaxQueuedPerSource"/>).
/// </summary>
internal sealed class SipFairShareReader(ChannelReader<SipReceivedMessage> inner, Action<SipReceivedMessage> onRead) : ChannelReader<SipReceivedMessage>
{
    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override int Count => inner.Count;

    public override bool CanPeek => inner.CanPeek;

    public override bool TryPeek([MaybeNullWhen(false)] out SipReceivedMessage item) => inner.TryPeek(out item);

    public override bool TryRead([MaybeNullWhen(false)] out SipReceivedMessage item)
    {
        if (!inner.TryRead(out item)) return false;
        onRead(item);
        return true;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
}
