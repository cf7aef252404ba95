namespace UcStack.Srtp.Rtp;

/// <summary>
/// One RFC 8285 header extension element as read from a packet: its local identifier and its data.
/// The data is a view into the packet buffer and lives only as long as that buffer.
/// </summary>
public readonly ref struct RtpHeaderExtensionElement
{
    internal RtpHeaderExtensionElement(byte id, ReadOnlySpan<byte> data)
    {
        Id = id;
        Data = data;
    }

    /// <summary>The local identifier: 1–14 in the one-byte form, 1–255 in the two-byte form.</summary>
    public byte Id { get; }

    /// <summary>The element data (1–16 octets in the one-byte form, 0–255 in the two-byte form).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
