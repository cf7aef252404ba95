namespace UcStack.Sip;

/// <summary>
/// One <c>;name[=value]</c> parameter of a header value or URI, in the form it was received.
/// </summary>
/// <param name="Name">The parameter name, as sent (URI parameter names keep their escapes).</param>
/// <param name="Value">The value as sent: <see langword="null"/> for a value-less parameter such as <c>;lr</c>,
/// a quoted-string still in its quotes, and URI parameter values with their escapes.</param>
public readonly record struct SipParameter(string Name, string? Value)
{
    /// <summary><see langword="true"/> when the parameter carries a value (even an empty quoted one).</summary>
    public bool HasValue => Value is not null;

    /// <summary><see langword="true"/> when the value is a quoted-string.</summary>
    public bool IsQuoted => Value is { Length: >= 2 } v && v[0] == '"' && v[^1] == '"';

    /// <summary>The value with its quotes and quoted-pair escapes removed; other values unchanged.</summary>
    public string? UnquotedValue => IsQuoted ? HeaderGrammar.Unquote(Value!) : Value;
}
