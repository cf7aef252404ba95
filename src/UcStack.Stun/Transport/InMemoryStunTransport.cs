using System.Net;
using System.Threading.Channels;

namespace UcStack.Stun;

/// <summary>
/// Two transports wired to each other in memory, for tests of code built on <see cref="IStunTransport"/>:
/// what one sends the other receives, from the sender's end point. Each send copies the packet.
/// <see cref="DropFilter"/> simulates loss.
/// </summary>
public sealed class InMemoryStunTransport : IStunTransport
{
    private readonly Channel<byte[]> _inbox;
    private InMemoryStunTransport? _peer;

    private InMemoryStunTransport(IPEndPoint localEndPoint, bool isReliable, int capacity)
    {
        LocalEndPoint = localEndPoint;
        IsReliable = isReliable;
        _inbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <inheritdoc/>
    public bool IsReliable { get; }

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>When set and it returns <see langword="true"/> for a packet, the packet is lost.</summary>
    public Func<ReadOnlyMemory<byte>, bool>? DropFilter { get; set; }

    /// <summary>Packets lost to <see cref="DropFilter"/>, a wrong destination or a full inbox.</summary>
    public int DroppedCount => Volatile.Read(ref _droppedCount);

    private int _droppedCount;

    /// <summary>Creates two connected transports.</summary>
    /// <param name="first">The first transport's end point.</param>
    /// <param name="second">The second transport's end point.</param>
    /// <param name="isReliable">Whether they report themselves reliable (TCP-like: no retransmissions).</param>
    /// <param name="capacity">Packets each inbox holds before further ones are dropped.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public static (InMemoryStunTransport First, InMemoryStunTransport Second) CreatePair(
        IPEndPoint first, IPEndPoint second, bool isReliable = false, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var a = new InMemoryStunTransport(first, isReliable, capacity);
        var b = new InMemoryStunTransport(second, isReliable, capacity);
        a._peer = b;
        b._peer = a;
        return (a, b);
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        cancellationToken.ThrowIfCancellationRequested();
        var peer = _peer!;
        if (!remoteEndPoint.Equals(peer.LocalEndPoint) || DropFilter?.Invoke(packet) == true || !peer._inbox.Writer.TryWrite(packet.ToArray()))
        {
            Interlocked.Increment(ref _droppedCount);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !_inbox.Reader.TryRead(out var packet))
        {
            return new StunReceivedPacket(0, _peer!.LocalEndPoint, IsEndOfStream: true);
        }

        if (packet.Length > buffer.Length)
        {
            throw new IOException($"A {packet.Length}-byte packet does not fit the {buffer.Length}-byte receive buffer.");
        }

        packet.CopyTo(buffer);
        return new StunReceivedPacket(packet.Length, _peer!.LocalEndPoint);
    }

    /// <summary>Closes this end: its pending and later receives report the end of the stream.</summary>
    public ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
