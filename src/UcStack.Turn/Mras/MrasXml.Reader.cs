using System.Diagnostics.CodeAnalysis;
using System.Xml;

namespace UcStack.Turn.Mras;

// Loading: the document becomes a small bounded tree of MRAS-namespace elements before it is interpreted.
public static partial class MrasXml
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        // No DTD (no entity expansion), no external resources, a hard character budget.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private static bool TryLoad(ReadOnlySpan<byte> document, string rootName, [NotNullWhen(true)] out Element? root, out MrasParseError error)
    {
        root = null;
        if (document.Length > MaxDocumentBytes) return Fail(out error, MrasParseErrorReason.TooLarge, string.Empty, 0, $"more than {MaxDocumentBytes} bytes");
        if (document.IsEmpty) return Fail(out error, MrasParseErrorReason.NotWellFormed, string.Empty, 0, "empty document");
        var stack = new Stack<Element>();
        var count = 0;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document.ToArray(), writable: false), ReaderSettings);
            var lineInfo = reader as IXmlLineInfo;
            while (reader.Read())
            {
                var line = lineInfo?.LineNumber ?? 0;
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        if (++count > MaxElements) return Fail(out error, MrasParseErrorReason.TooComplex, reader.LocalName, line, "too many elements");
                        if (stack.Count == MaxDepth) return Fail(out error, MrasParseErrorReason.TooComplex, reader.LocalName, line, "nested too deeply");
                        var element = new Element(reader.LocalName, reader.NamespaceURI, line);
                        if (stack.Count == 0)
                        {
                            if (element.Name != rootName || element.Namespace != Namespace)
                                return Fail(out error, MrasParseErrorReason.WrongRoot, reader.LocalName, line, "expected " + rootName + " in the MRAS namespace");
                            root = element;
                        }
                        else if (element.Namespace == Namespace)
                        {
                            // Elements of other namespaces are extensions we do not read; they still count towards the limits.
                            stack.Peek().Children.Add(element);
                        }

                        if (!TryReadAttributes(reader, element, line, out error)) return false;
                        if (!reader.IsEmptyElement) stack.Push(element);
                        break;
                    case XmlNodeType.EndElement:
                        stack.Pop();
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.SignificantWhitespace:
                        if (stack.Count == 0) break;
                        var current = stack.Peek();
                        if (current.Text.Length + reader.Value.Length > MaxValueLength)
                            return Fail(out error, MrasParseErrorReason.InvalidValue, current.Name, line, "value too long");
                        current.Text += reader.Value;
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            root = null;
            return Fail(out error, MrasParseErrorReason.NotWellFormed, string.Empty, e.LineNumber, Escape(e.Message));
        }

        if (root is null) return Fail(out error, MrasParseErrorReason.NotWellFormed, string.Empty, 0, "no root element");
        error = default;
        return true;
    }

    private static bool TryReadAttributes(XmlReader reader, Element element, int line, out MrasParseError error)
    {
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                // Unqualified attributes are MRAS's own; namespace declarations and foreign attributes are skipped.
                if (reader.NamespaceURI.Length != 0) continue;
                if (reader.Value.Length > MaxValueLength) return Fail(out error, MrasParseErrorReason.InvalidValue, element.Name + "/@" + reader.LocalName, line, "value too long");
                element.Attributes.Add(new KeyValuePair<string, string>(reader.LocalName, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        error = default;
        return true;
    }

    private static string Escape(string message)
    {
        var text = message.Length > 120 ? message[..120] : message;
        return new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
    }

    private sealed class Element(string name, string ns, int line)
    {
        public string Name { get; } = name;

        public string Namespace { get; } = ns;

        public int Line { get; } = line;

        public string Text { get; set; } = string.Empty;

        public List<KeyValuePair<string, string>> Attributes { get; } = [];

        public List<Element> Children { get; } = [];

        public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Key == name).Value;

        public Element? Child(string name) => Children.FirstOrDefault(c => c.Name == name);
    }
}
