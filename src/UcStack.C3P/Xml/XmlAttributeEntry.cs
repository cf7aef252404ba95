namespace UcStack.C3P;

/// <summary>An attribute the model has no property for, kept so that writing the model back loses nothing.</summary>
/// <param name="Namespace">The attribute's namespace URI; empty for an un-namespaced attribute.</param>
/// <param name="LocalName">The local name.</param>
/// <param name="Value">The value, after XML attribute-value normalisation.</param>
public sealed record XmlAttributeEntry(string Namespace, string LocalName, string Value);
