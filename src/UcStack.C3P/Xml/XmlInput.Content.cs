using System.Globalization;
using System.Text;
using System.Xml;

namespace UcStack.C3P;

/// <summary>Attributes, typed values and preserved extension content.</summary>
internal sealed partial class XmlInput
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private bool _inAttributes;

    /// <summary>The current element's namespace URI.</summary>
    internal string Namespace => _reader.NamespaceURI;

    /// <summary>The current element's local name.</summary>
    internal string LocalName => _reader.LocalName;

    /// <summary>
    /// Steps through the current element's attributes, namespace declarations excluded; returns
    /// <see langword="false"/> (back on the element) after the last one.
    /// </summary>
    internal bool NextAttribute(out string ns, out string localName, out string value)
    {
        while (_inAttributes ? _reader.MoveToNextAttribute() : _reader.MoveToFirstAttribute())
        {
            _inAttributes = true;
            if (_reader.NamespaceURI == XmlnsNamespace)
            {
                continue;
            }

            ns = _reader.NamespaceURI;
            localName = _reader.LocalName;
            value = _reader.Value;
            return true;
        }

        _inAttributes = false;
        _reader.MoveToElement();
        ns = localName = value = string.Empty;
        return false;
    }

    /// <summary>Keeps an attribute the model does not know.</summary>
    internal static void Keep(ref List<XmlAttributeEntry>? extra, string ns, string localName, string value) =>
        (extra ??= []).Add(new XmlAttributeEntry(ns, localName, value));

    internal static ValueList<T> ToList<T>(List<T>? items) => items is null || items.Count == 0 ? ValueList<T>.Empty : new ValueList<T>([.. items]);

    internal C3PParseException MissingAttribute(string element, string attribute) =>
        Error(C3PParseErrorReason.MissingAttribute, $"<{element}> needs the attribute {attribute}");

    internal C3PParseException Duplicate(string element) =>
        Error(C3PParseErrorReason.UnexpectedElement, $"<{element}> occurs more than once");

    internal bool ParseBoolean(string text, string where)
    {
        // XML Schema §3.2.2: xs:boolean is true, false, 1 or 0, with surrounding whitespace collapsed.
        switch (text.Trim())
        {
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                throw Error(C3PParseErrorReason.InvalidValue, $"{where} is not a boolean: \"{Truncate(text)}\"");
        }
    }

    internal uint ParseUInt32(string text, string where, C3PParseErrorReason reason = C3PParseErrorReason.InvalidValue)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[0] is '+' or '-' || !uint.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(reason, $"{where} is not an unsigned 32-bit integer: \"{Truncate(text)}\"");
        }

        return value;
    }

    internal ulong ParseUInt64(string text, string where, C3PParseErrorReason reason = C3PParseErrorReason.InvalidAttribute)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || !ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(reason, $"{where} is not a non-negative integer: \"{Truncate(text)}\"");
        }

        return value;
    }

    internal DateTimeOffset ParseDateTime(string text, string where)
    {
        try
        {
            return XmlConvert.ToDateTimeOffset(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException: a well-formed value whose UTC instant is outside DateTimeOffset's range
            // (e.g. 0001-01-01T00:00:00+01:00).
            throw Error(C3PParseErrorReason.InvalidValue, $"{where} is not an xs:dateTime: \"{Truncate(text)}\"");
        }
    }

    internal ConferenceElementState ParseState(string value, string element) => value switch
    {
        // RFC 4575 §5.1: the state attribute is one of full, partial, deleted.
        "full" => ConferenceElementState.Full,
        "partial" => ConferenceElementState.Partial,
        "deleted" => ConferenceElementState.Deleted,
        _ => throw Error(C3PParseErrorReason.InvalidAttribute, $"<{element}> state=\"{Truncate(value)}\" is not full, partial or deleted"),
    };

    /// <summary>Captures the current element, attributes and content, as an <see cref="XmlExtensionElement"/>.</summary>
    internal XmlExtensionElement ReadExtension()
    {
        var ns = _reader.NamespaceURI;
        var localName = _reader.LocalName;
        List<XmlAttributeEntry>? attributes = null;
        while (NextAttribute(out var attrNs, out var attrName, out var value))
        {
            Keep(ref attributes, attrNs, attrName, value);
        }

        var element = new XmlExtensionElement(ns, localName) { Attributes = ToList(attributes) };
        if (!Enter(out var depth))
        {
            return element;
        }

        var children = new List<XmlExtensionNode>();
        var text = new StringBuilder();
        var hasElements = false;
        while (true)
        {
            var more = NextChild(depth, text);
            if (text.Length > 0)
            {
                children.Add(new XmlExtensionText(text.ToString()));
                text.Clear();
            }

            if (!more)
            {
                break;
            }

            hasElements = true;
            children.Add(ReadExtension());
        }

        if (hasElements)
        {
            // Whitespace between child elements is layout, not content; text beside elements is kept as it came.
            children.RemoveAll(static n => n is XmlExtensionText t && string.IsNullOrWhiteSpace(t.Text));
        }

        return element with { Children = ToList(children) };
    }

    /// <summary>Captures the current element as an extension when its namespace is not one the caller handles.</summary>
    internal void KeepExtension(ref List<XmlExtensionElement>? extensions) => (extensions ??= []).Add(ReadExtension());
}
