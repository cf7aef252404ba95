namespace UcStack.C3P;

/// <summary>
/// The single child of a C3P <c>request</c> or <c>response</c>. One type per command serves both directions: a
/// request fills the request fields, a response the response fields (and <see cref="Reason"/> on failure).
/// </summary>
public abstract record C3PCommand
{
    private protected C3PCommand()
    {
    }

    /// <summary>The command name: the element's local name in the cccp namespace.</summary>
    public abstract string Name { get; }

    /// <summary><c>mscp:mcuUri</c>: the MCU an MCU command targets ([MS-CONFBAS] §3.5).</summary>
    public string? McuUri { get; init; }

    /// <summary>The <c>reason</c> attribute of a failure response, as sent.</summary>
    public string? Reason { get; init; }

    /// <summary><see cref="Reason"/> classified.</summary>
    public C3PFailureReason FailureReason => C3PFailureReasons.FromText(Reason);

    /// <summary>Children the model does not know, kept in order.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
