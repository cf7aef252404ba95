using System.Collections;

namespace UcStack.Sip;

/// <summary>One <c>hname=hvalue</c> pair of the <c>?headers</c> part of a SIP URI, escaped as sent.</summary>
/// <param name="Name">The header name with its escapes (RFC 3261 §25.1 <c>hname</c>).</param>
/// <param name="Value">The value with its escapes; may be empty (<c>hvalue</c>).</param>
public readonly record struct SipUriHeader(string Name, string Value)
{
    /// <summary>The name with escapes decoded.</summary>
    public string UnescapedName => UriEscaping.Unescape(Name);

    /// <summary>The value with escapes decoded (octets read as UTF-8).</summary>
    public string UnescapedValue => UriEscaping.Unescape(Value);
}

/// <summary>The ordered <c>?headers</c> of a SIP URI (RFC 3261 §19.1.1), kept in their escaped form.</summary>
public sealed class SipUriHeaders : IReadOnlyList<SipUriHeader>
{
    // Most URIs carry no headers: the list is made on the first one.
    private List<SipUriHeader>? _items;

    internal SipUriHeaders()
    {
    }

    /// <inheritdoc/>
    public int Count => _items?.Count ?? 0;

    /// <inheritdoc/>
    public SipUriHeader this[int index] => _items is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _items[index];

    /// <summary>Appends a header, escaping whatever the <c>hname</c>/<c>hvalue</c> grammar does not allow as is.</summary>
    /// <param name="name">The header name, unescaped (for example <c>Subject</c>).</param>
    /// <param name="value">The header value, unescaped (for example <c>project x</c>).</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="InvalidOperationException">The URI already holds <see cref="SipParameters.MaxCount"/> headers.</exception>
    public void Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Count >= SipParameters.MaxCount) throw new InvalidOperationException($"A URI holds at most {SipParameters.MaxCount} headers.");
        (_items ??= []).Add(new SipUriHeader(
            UriEscaping.Escape(name, UriSyntax.UriChar.HeaderPart),
            UriEscaping.Escape(value, UriSyntax.UriChar.HeaderPart)));
    }

    /// <summary>Removes every header whose unescaped name equals <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">The header name.</param>
    /// <returns>How many were removed.</returns>
    public int RemoveAll(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_items is null) return 0;
        var escaped = UriEscaping.Escape(name, UriSyntax.UriChar.HeaderPart);
        return _items.RemoveAll(h => UriEscaping.EscapedEquals(h.Name, escaped, ignoreCase: true));
    }

    /// <inheritdoc/>
    public IEnumerator<SipUriHeader> GetEnumerator() => (_items ?? Enumerable.Empty<SipUriHeader>()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddParsed(string name, string value) => (_items ??= []).Add(new SipUriHeader(name, value));
}
