using System.Globalization;
using System.Text;
using System.Xml;

namespace UcStack.C3P;

/// <summary>Thin helpers over <see cref="XmlWriter"/> so the model writers read like the schema.</summary>
internal sealed class XmlOutput : IDisposable
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly XmlWriter _writer;

    internal XmlOutput(Stream stream, bool indent)
    {
        _writer = XmlWriter.Create(stream, new XmlWriterSettings
        {
            Encoding = Utf8NoBom,
            Indent = indent,
            IndentChars = "  ",
            // CR, LF and TAB inside values are written as character references so they survive the reader's
            // line-end and attribute-value normalisation unchanged (XML 1.0 §2.11, §3.3.3).
            NewLineHandling = NewLineHandling.Entitize,
            NewLineChars = "\n",
            CheckCharacters = true,
            CloseOutput = false,
            OmitXmlDeclaration = false,
        });
    }

    public void Dispose() => _writer.Dispose();

    internal void Flush() => _writer.Flush();

    internal void StartDocument() => _writer.WriteStartDocument();

    internal void EndDocument() => _writer.WriteEndDocument();

    internal void Start(string ns, string localName) => _writer.WriteStartElement(localName, ns);

    internal void End() => _writer.WriteEndElement();

    /// <summary>Declares the default namespace explicitly on the element just started, so it leads the attributes.</summary>
    internal void DeclareDefault(string ns) => _writer.WriteAttributeString("xmlns", ns);

    /// <summary>Declares a prefix on the element just started so descendants share it.</summary>
    internal void DeclarePrefix(string prefix, string ns) => _writer.WriteAttributeString("xmlns", prefix, null, ns);

    internal void Attribute(string localName, string? value)
    {
        if (value is not null)
        {
            _writer.WriteAttributeString(localName, value);
        }
    }

    internal void Attribute(string ns, string localName, string? value)
    {
        if (value is not null)
        {
            _writer.WriteAttributeString(localName, ns, value);
        }
    }

    internal void Attributes(ValueList<XmlAttributeEntry> attributes)
    {
        foreach (var a in attributes)
        {
            _writer.WriteAttributeString(a.LocalName, a.Namespace, a.Value);
        }
    }

    internal void State(ConferenceElementState? state)
    {
        if (state is { } s)
        {
            _writer.WriteAttributeString("state", s switch
            {
                ConferenceElementState.Full => "full",
                ConferenceElementState.Partial => "partial",
                ConferenceElementState.Deleted => "deleted",
                _ => throw new ArgumentOutOfRangeException(nameof(state), s, "not a conference element state"),
            });
        }
    }

    internal void Text(string text) => _writer.WriteString(text);

    internal void TextElement(string ns, string localName, string? value)
    {
        if (value is not null)
        {
            _writer.WriteStartElement(localName, ns);
            _writer.WriteString(value);
            _writer.WriteEndElement();
        }
    }

    internal void BooleanElement(string ns, string localName, bool? value) =>
        TextElement(ns, localName, value is { } b ? (b ? "true" : "false") : null);

    internal void UInt32Element(string ns, string localName, uint? value) =>
        TextElement(ns, localName, value?.ToString(CultureInfo.InvariantCulture));

    internal void DateTimeElement(string ns, string localName, DateTimeOffset? value) =>
        TextElement(ns, localName, value is { } v ? FormatDateTime(v) : null);

    /// <summary>xs:dateTime in UTC with a Z, fractional seconds only when present.</summary>
    internal static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    internal void Extensions(ValueList<XmlExtensionElement> extensions)
    {
        foreach (var e in extensions)
        {
            Extension(e);
        }
    }

    internal void Extension(XmlExtensionElement element)
    {
        _writer.WriteStartElement(element.LocalName, element.Namespace);
        Attributes(element.Attributes);
        foreach (var child in element.Children)
        {
            switch (child)
            {
                case XmlExtensionElement e:
                    Extension(e);
                    break;
                case XmlExtensionText t:
                    _writer.WriteString(t.Text);
                    break;
            }
        }

        _writer.WriteEndElement();
    }
}
