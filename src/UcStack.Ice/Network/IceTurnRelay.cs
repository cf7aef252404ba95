using System.Buffers;
using System.Net;
using System.Threading.Channels;
using UcStack.Turn.Client;

namespace UcStack.Ice;

/// <summary>A <see cref="TurnClient"/> allocation as an ICE socket: sends create permissions as needed, in order.</summary>
internal sealed class IceTurnRelay : IIceRelay
{
    private const int MaxDatagram = 65536;

    private readonly TurnClient _client;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(1024)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly HashSet<IPAddress> _permitted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sendLoop;
    private Task? _receiveLoop;

    public IceTurnRelay(TurnClient client, IPEndPoint relayed, IPEndPoint mapped)
    {
        _client = client;
        LocalEndPoint = relayed;
        MappedEndPoint = mapped;
        _sendLoop = Task.Run(SendLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint MappedEndPoint { get; }

    public void PermitPeer(IPAddress peer) => _outgoing.Writer.TryWrite(new Outgoing(null, 0, new IPEndPoint(peer, 0)));

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
    {
        var rented = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(rented);
        if (!_outgoing.Writer.TryWrite(new Outgoing(rented, datagram.Length, remoteEndPoint)))
        {
            // UDP semantics: a full queue loses the datagram.
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void Start(IceDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _receiveLoop = Task.Run(() => ReceiveLoopAsync(handler));
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sendLoop.ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    if (_permitted.Add(item.Destination.Address))
                    {
                        await _client.CreatePermissionAsync(item.Destination.Address, _stop.Token).ConfigureAwait(false);
                    }

                    if (item.Buffer is not null)
                    {
                        await _client.SendAsync(item.Destination, item.Buffer.AsMemory(0, item.Length), _stop.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is TurnException or UcStack.Stun.StunTransactionException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
                {
                    // Best effort like UDP: a refused permission or send loses this datagram; ICE retransmits.
                    _permitted.Remove(item.Destination.Address);
                }
                finally
                {
                    if (item.Buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveLoopAsync(IceDatagramHandler handler)
    {
        var buffer = new byte[MaxDatagram];
        while (!_stop.IsCancellationRequested)
        {
            TurnReceiveResult result;
            try
            {
                result = await _client.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            handler(buffer.AsSpan(0, result.BytesReceived), result.Peer.ToIPEndPoint());
        }
    }

    private readonly record struct Outgoing(byte[]? Buffer, int Length, IPEndPoint Destination);
}
