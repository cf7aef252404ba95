using System.Text;

namespace UcStack.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): a name and an optional value, kept exactly as received. A property
/// attribute (<c>a=rtcp-mux</c>) has no value; a value attribute (<c>a=mid:0</c>) has one, possibly empty.
/// Typed readers such as <c>SdpRtpMap</c> interpret the value on demand.
/// </summary>
/// <remarks>Immutable. An attribute parsed from text decodes its value to a string only when first asked.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "\"attribute\" is the RFC 8866 term for an a= line.")]
public sealed class SdpAttribute : IEquatable<SdpAttribute>
{
    private readonly byte[]? _source;
    private readonly int _valueStart;
    private readonly int _valueLength;
    private string? _value;

    /// <summary>Creates a property attribute, <c>a=<paramref name="name"/></c>.</summary>
    /// <param name="name">The attribute name, an RFC 8866 token.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a token.</exception>
    public SdpAttribute(string name)
    {
        Name = SdpText.Token(name, nameof(name));
    }

    /// <summary>Creates a value attribute, <c>a=<paramref name="name"/>:<paramref name="value"/></c>.</summary>
    /// <param name="name">The attribute name, an RFC 8866 token.</param>
    /// <param name="value">The value; <see langword="null"/> makes a property attribute.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a token or <paramref name="value"/> holds NUL, CR or LF.</exception>
    public SdpAttribute(string name, string? value)
    {
        Name = SdpText.Token(name, nameof(name));
        if (value is not null)
        {
            _value = SdpText.LineSafe(value, nameof(value));
            HasValue = true;
        }
    }

    /// <summary>Parser path: the value stays as bytes in the parser's private copy of the input until asked for.</summary>
    internal SdpAttribute(string name, byte[] source, int valueStart, int valueLength, bool hasValue, int lineNumber)
    {
        Name = name;
        _source = source;
        _valueStart = valueStart;
        _valueLength = valueLength;
        HasValue = hasValue;
        LineNumber = lineNumber;
    }

    /// <summary>The attribute name (case-sensitive, compared ordinally).</summary>
    public string Name { get; }

    /// <summary><see langword="true"/> for <c>a=name:value</c> (even with an empty value), <see langword="false"/> for <c>a=name</c>.</summary>
    public bool HasValue { get; }

    /// <summary>The value after the first colon, or <see langword="null"/> for a property attribute.</summary>
    public string? Value
    {
        get
        {
            if (_value is null && HasValue)
            {
                // A benign race: two threads may both decode; either string is equal.
                _value = _source is null ? string.Empty : Encoding.UTF8.GetString(_source, _valueStart, _valueLength);
            }

            return _value;
        }
    }

    /// <summary>The 1-based line this attribute was parsed from, or 0 when it was built in code.</summary>
    public int LineNumber { get; }

    /// <summary>The value as UTF-8 bytes when it is still held undecoded; empty otherwise.</summary>
    internal ReadOnlySpan<byte> RawValue => _source is null ? default : _source.AsSpan(_valueStart, _valueLength);

    /// <summary><see langword="true"/> while the value is held as the parser's bytes.</summary>
    internal bool HasRawValue => _source is not null;

    /// <summary>Whether this attribute's name is <paramref name="name"/> (ordinal).</summary>
    /// <param name="name">The name to compare with.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.Ordinal);

    /// <summary>Same name and value (ordinal).</summary>
    /// <param name="other">The attribute to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(SdpAttribute? other) =>
        other is not null && Is(other.Name) && HasValue == other.HasValue && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SdpAttribute);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value));

    /// <summary>The line as written, without the line ending: <c>a=name:value</c>.</summary>
    /// <returns>The SDP line.</returns>
    public override string ToString() => HasValue ? $"a={Name}:{Value}" : $"a={Name}";
}
