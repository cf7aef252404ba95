using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    // RFC 8656 §7.2: a reserved port is kept for about 30 seconds.
    private static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<ulong, PortReservation> _reservations = [];

    /// <summary>
    /// EVEN-PORT with the R bit (RFC 8656 §7.2): binds an even port for the allocation and the next port for a
    /// later Allocate carrying the returned token. The reserved socket drops datagrams until it is taken.
    /// </summary>
    private IRelaySocket? BindPairAndReserve(IPAddress address, TurnAllocation allocation, out ulong token)
    {
        token = 0;
        if (_reservations.Count >= _options.MaxAllocations)
        {
            return null;
        }

        var min = Math.Clamp(_options.RelayPortMin, 1, 65535);
        var max = Math.Clamp(_options.RelayPortMax, min, 65535);
        var span = max - min + 1;
        var start = RandomNumberGenerator.GetInt32(span);
        var tries = Math.Min(span, 512);
        for (var i = 0; i < tries; i++)
        {
            var port = min + ((start + i) % span);
            if ((port & 1) != 0 || port + 1 > max)
            {
                continue;
            }

            var relay = _relays.TryBind(address, port, allocation);
            if (relay is null)
            {
                continue;
            }

            var slot = new ReceiverSlot();
            var reserved = _relays.TryBind(address, port + 1, slot);
            if (reserved is null)
            {
                relay.Dispose();
                continue;
            }

            Span<byte> random = stackalloc byte[8];
            do
            {
                RandomNumberGenerator.Fill(random);
                token = BinaryPrimitives.ReadUInt64BigEndian(random);
            }
            while (_reservations.ContainsKey(token));

            var reservation = new PortReservation(reserved, slot);
            var key = token;
            reservation.Timer = _time.CreateTimer(_ => ExpireReservation(key), null, ReservationLifetime, Timeout.InfiniteTimeSpan);
            _reservations.Add(token, reservation);
            return relay;
        }

        return null;
    }

    private IRelaySocket? TakeReservation(ulong token, TurnAllocation allocation)
    {
        if (!_reservations.Remove(token, out var reservation))
        {
            return null;
        }

        reservation.Timer?.Dispose();
        reservation.Slot.Target = allocation;
        return reservation.Socket;
    }

    private void ExpireReservation(ulong token)
    {
        lock (_gate)
        {
            if (_reservations.Remove(token, out var reservation))
            {
                reservation.Timer?.Dispose();
                reservation.Socket.Dispose();
            }
        }
    }

    private void DisposeReservations()
    {
        foreach (var reservation in _reservations.Values)
        {
            reservation.Timer?.Dispose();
            reservation.Socket.Dispose();
        }

        _reservations.Clear();
    }

    /// <summary>Forwards peer datagrams once a reserved socket has an owner; drops them before.</summary>
    private sealed class ReceiverSlot : IRelayReceiver
    {
        public volatile TurnAllocation? Target;

        public void OnPeerDatagram(UcStack.Stun.StunEndPoint peer, ReadOnlySpan<byte> datagram) => Target?.OnPeerDatagram(peer, datagram);
    }

    private sealed class PortReservation(IRelaySocket socket, ReceiverSlot slot)
    {
        public IRelaySocket Socket { get; } = socket;

        public ReceiverSlot Slot { get; } = slot;

        public ITimer? Timer { get; set; }
    }
}
