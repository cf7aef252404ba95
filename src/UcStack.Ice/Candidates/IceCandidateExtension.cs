namespace UcStack.Ice;

/// <summary>An extension attribute of a candidate line kept as read (RFC 8839 §5.1 <c>extension-att-name SP extension-att-value</c>).</summary>
/// <param name="Name">The attribute name, e.g. <c>generation</c>.</param>
/// <param name="Value">The attribute value.</param>
public readonly record struct IceCandidateExtension(string Name, string Value);
