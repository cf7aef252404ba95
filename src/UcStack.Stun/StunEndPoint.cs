using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UcStack.Stun;

/// <summary>
/// A transport address as the STUN address attributes carry it: family, port and 4 or 16 address bytes,
/// held inline so that reading and writing addresses allocates nothing. Convert to and from
/// <see cref="IPEndPoint"/> at the edges.
/// </summary>
public readonly record struct StunEndPoint
{
    // The address bytes, big-endian: IPv4 uses the high 4 bytes of _high only.
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Creates an end point from raw address bytes.</summary>
    /// <param name="address">4 bytes (IPv4) or 16 bytes (IPv6), network order.</param>
    /// <param name="port">The port.</param>
    /// <exception cref="ArgumentException"><paramref name="address"/> is neither 4 nor 16 bytes long.</exception>
    public StunEndPoint(ReadOnlySpan<byte> address, ushort port)
    {
        if (address.Length == 4)
        {
            Family = StunAddressFamily.IPv4;
            _high = (ulong)BinaryPrimitives.ReadUInt32BigEndian(address) << 32;
        }
        else if (address.Length == 16)
        {
            Family = StunAddressFamily.IPv6;
            _high = BinaryPrimitives.ReadUInt64BigEndian(address);
            _low = BinaryPrimitives.ReadUInt64BigEndian(address[8..]);
        }
        else
        {
            throw new ArgumentException("A STUN address is 4 (IPv4) or 16 (IPv6) bytes long.", nameof(address));
        }

        Port = port;
    }

    /// <summary>Creates an end point from an <see cref="IPAddress"/> (IPv4 or IPv6) and a port.</summary>
    /// <param name="address">The address.</param>
    /// <param name="port">The port.</param>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public StunEndPoint(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || !address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be carried in STUN.", nameof(address));
        }

        this = new StunEndPoint(bytes[..written], port);
    }

    /// <summary>The address family.</summary>
    public StunAddressFamily Family { get; }

    /// <summary>The port.</summary>
    public ushort Port { get; }

    /// <summary>Number of address bytes: 4 or 16 (0 for the default value).</summary>
    public int AddressLength => Family switch
    {
        StunAddressFamily.IPv4 => 4,
        StunAddressFamily.IPv6 => 16,
        _ => 0,
    };

    /// <summary>Converts an <see cref="IPEndPoint"/>; IPv4-mapped IPv6 addresses stay IPv6.</summary>
    /// <param name="endPoint">The end point.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endPoint"/> is null.</exception>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static StunEndPoint FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new StunEndPoint(endPoint.Address, (ushort)endPoint.Port);
    }

    /// <summary>Writes the 4 or 16 address bytes, network order.</summary>
    /// <param name="destination">At least <see cref="AddressLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public int WriteAddress(Span<byte> destination)
    {
        var length = AddressLength;
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is smaller than the address.", nameof(destination));
        }

        if (length == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(_high >> 32));
        }
        else if (length == 16)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        }

        return length;
    }

    /// <summary>Converts to an <see cref="IPAddress"/> (allocates).</summary>
    /// <exception cref="InvalidOperationException">This is the default value, which has no family.</exception>
    public IPAddress ToIPAddress()
    {
        if (AddressLength == 0)
        {
            throw new InvalidOperationException("The default StunEndPoint has no address.");
        }

        Span<byte> bytes = stackalloc byte[16];
        var length = WriteAddress(bytes);
        return new IPAddress(bytes[..length]);
    }

    /// <summary>Converts to an <see cref="IPEndPoint"/> (allocates).</summary>
    /// <exception cref="InvalidOperationException">This is the default value, which has no family.</exception>
    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    /// <summary>Formats as <c>192.0.2.1:32853</c> or <c>[2001:db8::1]:32853</c>.</summary>
    public override string ToString() => AddressLength == 0
        ? "(none)"
        : Family == StunAddressFamily.IPv6
            ? string.Create(CultureInfo.InvariantCulture, $"[{ToIPAddress()}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{ToIPAddress()}:{Port}");
}
