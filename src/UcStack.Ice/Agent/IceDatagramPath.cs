using System.Buffers;
using System.Net;
using System.Threading.Channels;

namespace UcStack.Ice;

/// <summary>
/// The media path of one component: sends on the selected pair and receives the non-STUN datagrams that arrive on
/// the component's sockets, demultiplexed by first byte (RFC 7983 §7: 0-3 STUN to the agent, 16-19 ZRTP, 20-63 DTLS,
/// 128-191 RTP/RTCP; anything else is dropped and counted).
/// </summary>
/// <remarks>
/// Thread-safe. Sending allocates nothing; a received datagram is copied once into a pooled buffer and once into the
/// caller's. The queue is bounded (<see cref="IceAgentOptions.ReceiveQueueCapacity"/>); overflow is counted in
/// <see cref="DroppedCount"/>. Datagrams are accepted only from the remote candidates of this component.
/// </remarks>
public sealed class IceDatagramPath
{
    private readonly Channel<Item> _queue;
    private volatile IceCheckPair? _pair;
    private volatile IPEndPoint[] _allowedSources = [];
    private volatile bool _consentLost;
    private long _dropped;

    internal IceDatagramPath(int component, int capacity)
    {
        Component = component;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    /// <summary>The component id.</summary>
    public int Component { get; }

    /// <summary>The pair datagrams go out on, or <see langword="null"/> before selection.</summary>
    public IceCandidatePair? SelectedPair => _pair?.ToSnapshot();

    /// <summary>Whether <see cref="TrySend"/> can send: a pair is selected and consent (RFC 7675) has not expired.</summary>
    public bool CanSend => _pair is not null && !_consentLost;

    /// <summary>Received datagrams dropped: queue full, unknown sender, or a first byte outside the RFC 7983 ranges.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Sends one datagram on the selected pair.</summary>
    /// <param name="datagram">The bytes (RTP, RTCP, DTLS...).</param>
    /// <returns><see langword="false"/> when nothing is selected yet or consent was lost (RFC 7675 §5.1: stop sending).</returns>
    public bool TrySend(ReadOnlySpan<byte> datagram)
    {
        var pair = _pair;
        if (pair is null || _consentLost)
        {
            return false;
        }

        pair.Local.Socket.Send(datagram, pair.Remote.EndPoint);
        return true;
    }

    /// <summary>Takes a queued datagram if there is one.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="datagram">What was received.</param>
    /// <returns>Whether a datagram was queued.</returns>
    public bool TryReceive(Span<byte> buffer, out IceReceivedDatagram datagram)
    {
        if (!_queue.Reader.TryRead(out var item))
        {
            datagram = default;
            return false;
        }

        datagram = CopyOut(item, buffer);
        return true;
    }

    /// <summary>Waits for the next datagram.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>What was received.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="ChannelClosedException">The agent was disposed.</exception>
    public async ValueTask<IceReceivedDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var item = await _queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return CopyOut(item, buffer.Span);
    }

    internal void SetPair(IceCheckPair? pair)
    {
        _pair = pair;
        _consentLost = false;
    }

    internal void SetConsentLost() => _consentLost = true;

    internal void SetAllowedSources(IPEndPoint[] sources) => _allowedSources = sources;

    internal void Deliver(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
    {
        IceDatagramKind kind;
        var first = datagram[0];
        if (first is >= 128 and <= 191)
        {
            kind = IceDatagramKind.Rtp;
        }
        else if (first is >= 20 and <= 63)
        {
            kind = IceDatagramKind.Dtls;
        }
        else if (first is >= 16 and <= 19)
        {
            kind = IceDatagramKind.Zrtp;
        }
        else
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (Array.IndexOf(_allowedSources, remoteEndPoint) < 0)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(rented);
        if (!_queue.Writer.TryWrite(new Item(rented, datagram.Length, kind, remoteEndPoint)))
        {
            ArrayPool<byte>.Shared.Return(rented);
            Interlocked.Increment(ref _dropped);
        }
    }

    internal void Complete()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var item))
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    private static IceReceivedDatagram CopyOut(Item item, Span<byte> buffer)
    {
        var length = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return new IceReceivedDatagram(length, item.Kind, item.RemoteEndPoint, length < item.Length);
    }

    private readonly record struct Item(byte[] Buffer, int Length, IceDatagramKind Kind, IPEndPoint RemoteEndPoint);
}
