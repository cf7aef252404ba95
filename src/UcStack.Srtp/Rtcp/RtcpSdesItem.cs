namespace UcStack.Srtp.Rtcp;

/// <summary>One SDES item (RFC 3550 §6.5): its type and its text, a view into the packet buffer.</summary>
public readonly ref struct RtcpSdesItem
{
    internal RtcpSdesItem(RtcpSdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The item type.</summary>
    public RtcpSdesItemType Type { get; }

    /// <summary>The item text as sent (UTF-8 per RFC 3550 §6.5, not validated); for PRIV, the whole item
    /// including the prefix length and prefix.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>For PRIV: the prefix string (RFC 3550 §6.5.8); empty for other types.</summary>
    public ReadOnlySpan<byte> PrivatePrefix => Type == RtcpSdesItemType.Private ? Value.Slice(1, Value[0]) : default;

    /// <summary>For PRIV: the value string after the prefix; empty for other types.</summary>
    public ReadOnlySpan<byte> PrivateValue => Type == RtcpSdesItemType.Private ? Value[(1 + Value[0])..] : default;
}
