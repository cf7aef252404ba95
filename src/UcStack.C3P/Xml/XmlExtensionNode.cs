namespace UcStack.C3P;

/// <summary>A node of preserved extension content: an <see cref="XmlExtensionElement"/> or an <see cref="XmlExtensionText"/>.</summary>
public abstract record XmlExtensionNode
{
    private protected XmlExtensionNode()
    {
    }
}

/// <summary>Character data inside a preserved extension element.</summary>
/// <param name="Text">The text (entities already expanded).</param>
public sealed record XmlExtensionText(string Text) : XmlExtensionNode;

/// <summary>
/// An element the model does not know (an RFC 4575 <c>xs:any</c> extension point, a newer Microsoft extension,
/// an unknown command's content), captured by the streaming reader and written back as it came: namespace,
/// local name, attributes and children in order. Prefixes are not kept; the writer chooses its own.
/// </summary>
public sealed record XmlExtensionElement : XmlExtensionNode
{
    /// <summary>Creates an element.</summary>
    /// <param name="namespace">The namespace URI; empty for no namespace.</param>
    /// <param name="localName">The local name.</param>
    /// <exception cref="ArgumentException"><paramref name="localName"/> is empty.</exception>
    public XmlExtensionElement(string @namespace, string localName)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(localName);
        Namespace = @namespace;
        LocalName = localName;
    }

    /// <summary>The namespace URI; empty for no namespace.</summary>
    public string Namespace { get; }

    /// <summary>The local name.</summary>
    public string LocalName { get; }

    /// <summary>The attributes, in document order (namespace declarations excluded).</summary>
    public ValueList<XmlAttributeEntry> Attributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;

    /// <summary>Child elements and text, in document order.</summary>
    public ValueList<XmlExtensionNode> Children { get; init; } = ValueList<XmlExtensionNode>.Empty;
}
