using System.Collections;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// An ordered list of parameters (<c>;name[=value]</c>) with case-insensitive lookup by name. Used for
/// header parameters (RFC 3261 §25.1 <c>generic-param</c>), SIP URI parameters and tel URI parameters.
/// </summary>
/// <remarks>
/// Names are unique: a parser rejects a repeated name (RFC 3261 §19.1.1 forbids it for URI parameters;
/// for header parameters a repeat such as two <c>tag</c>s is ambiguous, so it is rejected too).
/// Values are stored as sent (see <see cref="SipParameter.Value"/>).
/// </remarks>
public sealed class SipParameters : IReadOnlyList<SipParameter>
{
    /// <summary>Most parameters accepted in one list, so a hostile value cannot make us allocate without bound.</summary>
    public const int MaxCount = 64;

    private readonly List<SipParameter> _items = [];
    private readonly ParameterSyntax _syntax;
    private readonly HeaderGrammar.ParameterValidator? _validator;

    /// <summary>Creates an empty list of header parameters.</summary>
    public SipParameters()
        : this(ParameterSyntax.Header)
    {
    }

    /// <param name="syntax">The grammar of names and values.</param>
    /// <param name="validator">The owner's rules for well-known parameters (for example <c>ttl</c> or <c>branch</c>),
    /// applied by <see cref="Set"/> so that a built value always parses again.</param>
    internal SipParameters(ParameterSyntax syntax, HeaderGrammar.ParameterValidator? validator = null)
    {
        _syntax = syntax;
        _validator = validator;
    }

    internal ParameterSyntax Syntax => _syntax;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public SipParameter this[int index] => _items[index];

    /// <summary>The value of the parameter named <paramref name="name"/> (as sent), or <see langword="null"/>
    /// when it is absent or has no value; use <see cref="TryGetValue"/> to tell those apart.</summary>
    /// <param name="name">Parameter name (case-insensitive).</param>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    /// <summary><see langword="true"/> when a parameter named <paramref name="name"/> is present (with or without a value).</summary>
    /// <param name="name">Parameter name (case-insensitive).</param>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Looks a parameter up by name.</summary>
    /// <param name="name">Parameter name (case-insensitive; escapes in URI parameter names are decoded first).</param>
    /// <param name="value">The value as sent, or <see langword="null"/> for a value-less parameter.</param>
    /// <returns><see langword="true"/> when the parameter is present.</returns>
    public bool TryGetValue(string name, out string? value)
    {
        var i = IndexOf(name);
        value = i >= 0 ? _items[i].Value : null;
        return i >= 0;
    }

    /// <summary>Sets a parameter, replacing one of the same name in place or appending a new one.</summary>
    /// <param name="name">The name: a token for header parameters, paramchars (escapes allowed) for URI parameters.</param>
    /// <param name="value">The value in wire form (a token, host or quoted-string for header parameters; escaped
    /// paramchars for URI parameters), or <see langword="null"/> for a value-less parameter.</param>
    /// <exception cref="ArgumentException">The name or value is not valid in this kind of parameter list.</exception>
    /// <exception cref="InvalidOperationException">The list already holds <see cref="MaxCount"/> parameters.</exception>
    public void Set(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a valid parameter name here.", nameof(name));
        if (value is not null && !IsValidValue(value)) throw new ArgumentException("The value is not valid for this parameter list.", nameof(value));
        if (_validator is not null && _validator(name, value) != SipParseErrorCode.None)
        {
            throw new ArgumentException($"The value is not valid for the '{name}' parameter.", nameof(value));
        }
        var i = IndexOf(name);
        if (i >= 0)
        {
            _items[i] = new SipParameter(_items[i].Name, value);
            return;
        }

        if (_items.Count >= MaxCount) throw new InvalidOperationException($"A parameter list holds at most {MaxCount} parameters.");
        _items.Add(new SipParameter(name, value));
    }

    /// <summary>Removes the parameter named <paramref name="name"/>.</summary>
    /// <param name="name">Parameter name (case-insensitive).</param>
    /// <returns><see langword="true"/> when a parameter was removed.</returns>
    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0) return false;
        _items.RemoveAt(i);
        return true;
    }

    /// <inheritdoc/>
    public IEnumerator<SipParameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Writes the list as <c>;name=value;name</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    internal void AppendTo(StringBuilder sb)
    {
        foreach (var p in _items)
        {
            sb.Append(';').Append(p.Name);
            if (p.Value is not null) sb.Append('=').Append(p.Value);
        }
    }

    /// <summary>Adds a parameter the parser already validated. Returns false when the name repeats.</summary>
    internal bool TryAddParsed(string name, string? value)
    {
        if (IndexOf(name) >= 0) return false;
        _items.Add(new SipParameter(name, value));
        return true;
    }

    internal int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (NamesEqual(_items[i].Name, name)) return i;
        }

        return -1;
    }

    private bool NamesEqual(string a, string b) => _syntax == ParameterSyntax.Header
        ? string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
        : UriEscaping.EscapedEquals(a, b, ignoreCase: true);

    private bool IsValidName(string name) => _syntax switch
    {
        ParameterSyntax.Header => HeaderGrammar.IsToken(name),
        ParameterSyntax.Tel => name.Length > 0 && name.All(c => UriSyntax.Is(c, UriSyntax.UriChar.TelParamName)),
        _ => UriEscaping.IsValidRaw(name, UriSyntax.UriChar.Param),
    };

    private bool IsValidValue(string value) => _syntax switch
    {
        ParameterSyntax.Header => HeaderGrammar.IsGenericValue(value),
        _ => UriEscaping.IsValidRaw(value, UriSyntax.UriChar.Param),
    };
}

/// <summary>Which grammar a parameter list follows.</summary>
internal enum ParameterSyntax
{
    /// <summary>RFC 3261 §25.1 generic-param: token [ EQUAL ( token / host / quoted-string ) ].</summary>
    Header,
    /// <summary>RFC 3261 §25.1 uri-parameter: pname [ "=" pvalue ] of paramchars and escapes.</summary>
    Uri,
    /// <summary>RFC 3966 §3 parameter: pname of alphanum / "-", pvalue of paramchars.</summary>
    Tel,
}
