using System.Net;

namespace UcStack.Ice;

/// <summary>
/// A transport address that is a candidate for media (RFC 8445 §5.1), with everything an <c>a=candidate</c>
/// line carries (RFC 8839 §5.1, RFC 6544 §4.5). Immutable; compared by value.
/// </summary>
/// <remarks>
/// The agent hands local candidates out and takes remote ones in as these objects; the application maps them
/// to and from SDP with <see cref="ToAttributeValue(IceCandidateFormat)"/> and <see cref="TryParse"/>, so the
/// ICE code never depends on an SDP library.
/// </remarks>
public sealed partial class IceCandidate : IEquatable<IceCandidate>
{
    /// <summary>The longest candidate text <see cref="TryParse"/> reads.</summary>
    public const int MaxAttributeLength = 1024;

    /// <summary>The most extension attributes a candidate carries.</summary>
    public const int MaxExtensions = 16;

    /// <summary>The longest foundation (RFC 8839 §5.1: 1*32 ice-char).</summary>
    public const int MaxFoundationLength = 32;

    private readonly IceCandidateExtension[] _extensions;

    /// <summary>Creates a candidate after checking each field against RFC 8839 §5.1.</summary>
    /// <param name="foundation">1 to 32 characters of ALPHA, DIGIT, "+" or "/".</param>
    /// <param name="component">The component id, 1 to 256 (RTP is 1, RTCP 2).</param>
    /// <param name="transport">UDP or TCP.</param>
    /// <param name="priority">1 to 2^31 - 1 (RFC 8445 §5.1.2).</param>
    /// <param name="endPoint">The transport address.</param>
    /// <param name="type">The candidate type.</param>
    /// <param name="relatedEndPoint">The related address (base or mapped address, RFC 8839 §5.1); <see langword="null"/> for host candidates.</param>
    /// <param name="tcpType">The tcptype; must be <see cref="IceTcpType.None"/> exactly when <paramref name="transport"/> is UDP.</param>
    /// <param name="extensions">Extension attributes to carry; at most <see cref="MaxExtensions"/>.</param>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="foundation"/> or <paramref name="endPoint"/> is null.</exception>
    public IceCandidate(
        string foundation,
        int component,
        IceTransportProtocol transport,
        uint priority,
        IPEndPoint endPoint,
        IceCandidateType type,
        IPEndPoint? relatedEndPoint = null,
        IceTcpType tcpType = IceTcpType.None,
        IReadOnlyList<IceCandidateExtension>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(foundation);
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!IsValidFoundation(foundation))
        {
            throw new ArgumentException($"The foundation '{foundation}' is not 1-32 characters of ALPHA / DIGIT / + / / (RFC 8839 §5.1).", nameof(foundation));
        }

        if (component is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, "RFC 8445 §5.1.2.1: the component id is between 1 and 256.");
        }

        if (priority is 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "RFC 8445 §5.1.2: the priority is between 1 and 2^31 - 1.");
        }

        if ((transport == IceTransportProtocol.Tcp) != (tcpType != IceTcpType.None))
        {
            throw new ArgumentException("A TCP candidate needs a tcptype and a UDP candidate must not have one (RFC 6544 §4.5).", nameof(tcpType));
        }

        if (extensions is { Count: > MaxExtensions })
        {
            throw new ArgumentException($"At most {MaxExtensions} extension attributes.", nameof(extensions));
        }

        if (extensions is not null)
        {
            foreach (var extension in extensions)
            {
                if (!IsValidExtensionName(extension.Name) || !IsValidExtensionToken(extension.Value))
                {
                    throw new ArgumentException($"The extension '{extension.Name}' is not a token followed by a value of visible characters (RFC 8839 §5.1).", nameof(extensions));
                }
            }
        }

        Foundation = foundation;
        Component = component;
        Transport = transport;
        Priority = priority;
        EndPoint = endPoint;
        Type = type;
        RelatedEndPoint = relatedEndPoint;
        TcpType = tcpType;
        _extensions = extensions is null ? [] : [.. extensions];
    }

    /// <summary>Candidates with the same foundation share type, base IP, server and transport (RFC 8445 §5.1.1.3).</summary>
    public string Foundation { get; }

    /// <summary>The component id (RFC 8445 §4): 1 for RTP, 2 for RTCP.</summary>
    public int Component { get; }

    /// <summary>UDP or TCP.</summary>
    public IceTransportProtocol Transport { get; }

    /// <summary>The RFC 8445 §5.1.2 priority.</summary>
    public uint Priority { get; }

    /// <summary>The transport address.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary>The <c>raddr</c>/<c>rport</c> (the base of a reflexive candidate, the mapped address of a relayed one).</summary>
    public IPEndPoint? RelatedEndPoint { get; }

    /// <summary>The RFC 6544 tcptype; <see cref="IceTcpType.None"/> for UDP.</summary>
    public IceTcpType TcpType { get; }

    /// <summary>Extension attributes in the order read (e.g. <c>generation</c>); unknown ones are kept, never dropped.</summary>
    public IReadOnlyList<IceCandidateExtension> Extensions => _extensions;

    /// <summary>Returns a copy with another priority (peer-reflexive candidates take the PRIORITY of the check).</summary>
    /// <param name="priority">The new priority.</param>
    /// <returns>The copy.</returns>
    public IceCandidate WithPriority(uint priority) =>
        new(Foundation, Component, Transport, priority, EndPoint, Type, RelatedEndPoint, TcpType, _extensions);

    /// <inheritdoc/>
    public bool Equals(IceCandidate? other) =>
        other is not null
        && Foundation == other.Foundation
        && Component == other.Component
        && Transport == other.Transport
        && Priority == other.Priority
        && EndPoint.Equals(other.EndPoint)
        && Type == other.Type
        && Equals(RelatedEndPoint, other.RelatedEndPoint)
        && TcpType == other.TcpType
        && _extensions.AsSpan().SequenceEqual(other._extensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IceCandidate);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Foundation, Component, Transport, Priority, EndPoint, Type, TcpType);

    /// <summary>The RFC 8839 form, <c>candidate:…</c> (see <see cref="ToAttributeValue(IceCandidateFormat)"/>).</summary>
    /// <returns>The attribute text without <c>a=</c>.</returns>
    public override string ToString() => ToAttributeValue(IceCandidateFormat.Rfc8839);

    internal static bool IsValidExtensionName(ReadOnlySpan<char> name) =>
        IsValidExtensionToken(name) && name is not ("raddr" or "rport" or "tcptype");

    internal static bool IsValidExtensionToken(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return false;
        }

        foreach (var c in token)
        {
            // RFC 8839 §5.1: extension names and values are visible ASCII (VCHAR), so they survive a round trip.
            if (c is <= ' ' or >= (char)0x7F)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsValidFoundation(ReadOnlySpan<char> foundation)
    {
        if (foundation.IsEmpty || foundation.Length > MaxFoundationLength)
        {
            return false;
        }

        foreach (var c in foundation)
        {
            // RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/".
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
