using System.Text;

namespace UcStack.Sip;

/// <summary>
/// One header field of a <see cref="SipMessage"/>, as it appeared on the wire. A lightweight view: its
/// spans die with the message (see <see cref="SipMessage"/>); strings are created on each call.
/// </summary>
public readonly struct SipHeader : IEquatable<SipHeader>
{
    private readonly SipMessage _message;
    private readonly HeaderEntry _entry;

    internal SipHeader(SipMessage message, in HeaderEntry entry)
    {
        _message = message;
        _entry = entry;
    }

    internal KnownHeader Id => _entry.Id;

    /// <summary>The name as written (any case, possibly a compact form such as <c>v</c>).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> NameBytes => _message.RawBytes.Slice(_entry.NameStart, _entry.NameLength);

    /// <summary>The name as written.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public string Name => Encoding.ASCII.GetString(NameBytes);

    /// <summary>The canonical name: the full form with the registered spelling for known headers (compact forms
    /// expanded, e.g. <c>v</c> → <c>Via</c>), the name as written otherwise.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed (unknown headers only).</exception>
    public string CanonicalName => _entry.Id == KnownHeader.Unknown ? Name : SipHeaderNames.GetCanonicalName(_entry.Id);

    /// <summary><see langword="true"/> when the header is one the stack knows by name.</summary>
    public bool IsKnown => _entry.Id != KnownHeader.Unknown;

    /// <summary>The raw value: after the colon and leading whitespace, trailing whitespace removed, folded
    /// continuation lines (CRLF and whitespace) included as received.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> ValueBytes => _message.RawBytes.Slice(_entry.ValueStart, _entry.ValueLength);

    /// <summary>The value in canonical form: each fold (whitespace, CRLF, whitespace) replaced by one SP, decoded as UTF-8.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public string Value
    {
        get
        {
            var raw = ValueBytes;
            if (raw.IndexOf((byte)'\r') < 0) return Encoding.UTF8.GetString(raw);
            var buffer = new byte[raw.Length];
            var length = SipFolding.Collapse(raw, buffer);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }

    /// <summary><see langword="true"/> when this header has the given name (full or compact form, any case).</summary>
    /// <param name="name">A header name such as <c>Via</c> or <c>v</c>.</param>
    /// <exception cref="ObjectDisposedException">The message was disposed (unknown headers only).</exception>
    public bool HasName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = SipHeaderNames.Identify(name);
        if (id != KnownHeader.Unknown || _entry.Id != KnownHeader.Unknown) return id == _entry.Id;
        return Ascii.EqualsIgnoreCase(NameBytes, name);
    }

    /// <inheritdoc/>
    public bool Equals(SipHeader other) => ReferenceEquals(_message, other._message) && _entry.NameStart == other._entry.NameStart;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_message, _entry.NameStart);

    /// <summary>Compares two header views for identity (same message, same line).</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(SipHeader left, SipHeader right) => left.Equals(right);

    /// <summary>Compares two header views for identity (same message, same line).</summary>
    /// <param name="left">One header.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(SipHeader left, SipHeader right) => !left.Equals(right);

    /// <summary>Formats the header as <c>CanonicalName: Value</c>.</summary>
    public override string ToString() => string.Concat(CanonicalName, ": ", Value);
}
