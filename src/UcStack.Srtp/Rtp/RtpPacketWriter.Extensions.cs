using System.Buffers.Binary;

namespace UcStack.Srtp.Rtp;

public ref partial struct RtpPacketWriter
{
    /// <summary>The largest identifier the one-byte form can carry (15 is reserved, RFC 8285 §4.2).</summary>
    public const int MaxOneByteId = 14;

    /// <summary>The largest element data the one-byte form can carry (RFC 8285 §4.2).</summary>
    public const int MaxOneByteDataLength = 16;

    /// <summary>The largest element data the two-byte form can carry (RFC 8285 §4.3).</summary>
    public const int MaxTwoByteDataLength = 255;

    /// <summary>
    /// Appends an RFC 8285 header extension element, choosing the one-byte or two-byte form as described
    /// on <see cref="RtpPacketWriter"/>.
    /// </summary>
    /// <param name="id">The local identifier, 1–255 (0 is reserved for padding).</param>
    /// <param name="data">The element data, 0–255 octets.</param>
    /// <returns><see langword="false"/> when the destination is too small (or the block would exceed
    /// the 65535-word extension length).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is 0 or
    /// <paramref name="data"/> is longer than 255 octets.</exception>
    /// <exception cref="InvalidOperationException">The header has not been written, the packet is
    /// finished, or an opaque extension was written.</exception>
    public bool TryAddExtension(byte id, scoped ReadOnlySpan<byte> data)
    {
        // RFC 8285 §4.2/§4.3: identifier 0 is padding, never an element.
        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxTwoByteDataLength, nameof(data));
        RequireHeader();
        RequireElementsAllowed();

        var needsTwoByte = id > MaxOneByteId || data.Length == 0 || data.Length > MaxOneByteDataLength;
        var form = _form switch
        {
            RtpHeaderExtensionForm.None => needsTwoByte ? RtpHeaderExtensionForm.TwoByte : RtpHeaderExtensionForm.OneByte,
            RtpHeaderExtensionForm.OneByte when needsTwoByte => RtpHeaderExtensionForm.TwoByte,
            _ => _form,
        };

        var start = _form == RtpHeaderExtensionForm.None ? _length + 4 : _length;
        var growth = _form == RtpHeaderExtensionForm.OneByte && form == RtpHeaderExtensionForm.TwoByte ? _elementCount : 0;
        var elementLength = (form == RtpHeaderExtensionForm.OneByte ? 1 : 2) + data.Length;
        var end = start + growth + elementLength;
        if (!Fits(end))
        {
            return false;
        }

        BeginOrConvert(form);
        var element = _destination.Slice(_length, elementLength);
        if (form == RtpHeaderExtensionForm.OneByte)
        {
            // RFC 8285 §4.2: 4-bit ID, then 4-bit length minus one.
            element[0] = (byte)((id << 4) | (data.Length - 1));
            data.CopyTo(element[1..]);
        }
        else
        {
            // RFC 8285 §4.3: 8-bit ID, then 8-bit length (zero allowed).
            element[0] = id;
            element[1] = (byte)data.Length;
            data.CopyTo(element[2..]);
        }

        _length += elementLength;
        _elementCount++;
        return true;
    }

    /// <summary>
    /// Makes the extension block use the two-byte form (RFC 8285 §4.3) with the given appbits, re-encoding
    /// elements already written in the one-byte form. May be called before or after adding elements.
    /// </summary>
    /// <param name="appBits">The four application bits carried in the profile field, 0–15.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="appBits"/> is above 15.</exception>
    /// <exception cref="InvalidOperationException">The header has not been written, the packet is
    /// finished, or an opaque extension was written.</exception>
    public bool TryUseTwoByteExtensions(byte appBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(appBits, (byte)0x0F);
        RequireHeader();
        RequireElementsAllowed();

        var end = _form switch
        {
            RtpHeaderExtensionForm.None => _length + 4,
            RtpHeaderExtensionForm.OneByte => _length + _elementCount,
            _ => _length,
        };
        if (!Fits(end))
        {
            return false;
        }

        BeginOrConvert(RtpHeaderExtensionForm.TwoByte);
        _appBits = appBits;
        return true;
    }

    /// <summary>
    /// Writes a header extension whose data is opaque to RTP (RFC 3550 §5.3.1). Use this for profiles
    /// other than RFC 8285, or to reproduce an extension block octet for octet.
    /// </summary>
    /// <param name="profile">The 16-bit "defined by profile" field.</param>
    /// <param name="data">The extension data; a multiple of 4 octets, at most 65535 words.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not a multiple of 4 octets or is
    /// longer than 65535 words.</exception>
    /// <exception cref="InvalidOperationException">The header has not been written, the packet is
    /// finished, or an extension was already started.</exception>
    public bool TryWriteOpaqueExtension(ushort profile, scoped ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0 || data.Length > 4 * ushort.MaxValue)
        {
            throw new ArgumentException("Extension data must be a multiple of 4 octets and at most 65535 words.", nameof(data));
        }

        RequireHeader();
        if (_form != RtpHeaderExtensionForm.None)
        {
            throw new InvalidOperationException("The packet already has a header extension.");
        }

        if (_length + 4 + data.Length > _destination.Length)
        {
            return false;
        }

        _extensionOffset = _length;
        _form = RtpHeaderExtensionForm.Opaque;
        _destination[0] |= 0x10;
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_extensionOffset..], profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[(_extensionOffset + 2)..], (ushort)(data.Length / 4));
        data.CopyTo(_destination[(_extensionOffset + 4)..]);
        _length += 4 + data.Length;
        return true;
    }

    private readonly void RequireElementsAllowed()
    {
        if (_form == RtpHeaderExtensionForm.Opaque)
        {
            throw new InvalidOperationException("The packet already has an opaque header extension.");
        }
    }

    private readonly bool Fits(int elementsEnd)
    {
        // The block is closed by zero padding to a 32-bit boundary (RFC 8285 §4.1), and its length
        // field counts 32-bit words in 16 bits (RFC 3550 §5.3.1).
        var extensionStart = _form == RtpHeaderExtensionForm.None ? _length : _extensionOffset;
        var blockEnd = Align4(elementsEnd);
        return blockEnd <= _destination.Length && (blockEnd - extensionStart - 4) / 4 <= ushort.MaxValue;
    }

    private void BeginOrConvert(RtpHeaderExtensionForm form)
    {
        if (_form == RtpHeaderExtensionForm.None)
        {
            _extensionOffset = _length;
            _length += 4;
            _destination[0] |= 0x10;
        }
        else if (_form == RtpHeaderExtensionForm.OneByte && form == RtpHeaderExtensionForm.TwoByte)
        {
            // Re-encode in place: each element gains one octet (separate ID and length octets), so shift
            // the rest of the block right by one at every element.
            var position = _extensionOffset + 4;
            var end = _length;
            while (position < end)
            {
                var first = _destination[position];
                var id = (byte)(first >> 4);
                var length = (first & 0x0F) + 1;
                _destination[(position + 1)..end].CopyTo(_destination[(position + 2)..]);
                _destination[position] = id;
                _destination[position + 1] = (byte)length;
                position += 2 + length;
                end++;
            }

            _length = end;
        }

        _form = form;
    }

    /// <summary>The offset where the payload starts once the extension block is padded.</summary>
    private readonly int ExtensionEnd() =>
        _form is RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte ? Align4(_length) : _length;

    private void CloseExtension(int headerEnd)
    {
        if (_form is not (RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte))
        {
            return;
        }

        // RFC 8285 §4.1: zero padding octets fill the block to a 32-bit boundary.
        _destination[_length..headerEnd].Clear();
        var profile = _form == RtpHeaderExtensionForm.OneByte
            ? RtpPacket.OneByteExtensionProfile
            : (ushort)(RtpPacket.TwoByteExtensionProfile | _appBits);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_extensionOffset..], profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[(_extensionOffset + 2)..], (ushort)((headerEnd - _extensionOffset - 4) / 4));
        _length = headerEnd;
    }
}
