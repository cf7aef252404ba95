using System.Net;

namespace UcStack.Stun;

/// <summary>Settings of a <see cref="StunBindingServer"/>.</summary>
public sealed record StunBindingServerOptions
{
    /// <summary>Address and port for both listeners (port 0 picks one free for UDP and TCP alike). Default: all IPv6 and IPv4 addresses, 3478.</summary>
    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.IPv6Any, 3478);

    /// <summary>Whether to answer over UDP.</summary>
    public bool EnableUdp { get; init; } = true;

    /// <summary>Whether to answer over TCP.</summary>
    public bool EnableTcp { get; init; } = true;

    /// <summary>SOFTWARE value added to every response (RFC 8489 §14.14 SHOULD); <see langword="null"/> omits it.</summary>
    public string? Software { get; init; } = "UcStack";

    /// <summary>When set, requests must carry USERNAME and MESSAGE-INTEGRITY that verify with the key returned (RFC 8489 §9.1.3).</summary>
    public StunShortTermCredentialLookup? CredentialLookup { get; init; }

    /// <summary>Simultaneous TCP connections; further ones are closed at once.</summary>
    public int MaxTcpConnections { get; init; } = 256;

    /// <summary>The largest STUN message accepted over TCP; the per-connection buffer is this large.</summary>
    public int MaxTcpMessageLength { get; init; } = 2048;

    /// <summary>A TCP connection without a complete message for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(LocalEndPoint, nameof(LocalEndPoint));
        if (!EnableUdp && !EnableTcp)
        {
            throw new ArgumentException("Enable UDP, TCP or both.", nameof(EnableUdp));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTcpConnections, 1, nameof(MaxTcpConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTcpMessageLength, StunConstants.HeaderLength, nameof(MaxTcpMessageLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTcpMessageLength, StunStreamFramer.MaxStunFrameLength, nameof(MaxTcpMessageLength));
        if (TcpIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TcpIdleTimeout), TcpIdleTimeout, "The idle timeout must be positive.");
        }

        if (Software is not null && System.Text.Encoding.UTF8.GetByteCount(Software) > StunConstants.MaxTextLength)
        {
            throw new ArgumentException($"SOFTWARE is limited to {StunConstants.MaxTextLength} bytes.", nameof(Software));
        }
    }
}
