using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml;

namespace UcStack.C3P;

/// <summary>
/// A forward-only cursor over a hardened <see cref="XmlReader"/>: every node advance goes through <see cref="Advance"/>,
/// which counts elements and checks depth, and every reader failure leaves as a <see cref="C3PParseException"/>.
/// Convention for the element readers built on it: each is called positioned on its element's start tag and returns
/// positioned on the node after its end tag.
/// </summary>
internal sealed partial class XmlInput : IDisposable
{
    private readonly XmlReader _reader;
    private readonly IXmlLineInfo? _lineInfo;
    private readonly C3PReaderOptions _options;
    private readonly byte[]? _rented;
    private readonly bool _mayHoldDtd;
    private readonly (int Line, int Position) _doctype;
    private int _elements;

    private XmlInput(XmlReader reader, C3PReaderOptions options, byte[]? rented, bool mayHoldDtd, (int, int) doctype = default)
    {
        _doctype = doctype;
        _reader = reader;
        _lineInfo = reader as IXmlLineInfo;
        _options = options;
        _rented = rented;
        _mayHoldDtd = mayHoldDtd;
    }

    internal XmlReader Reader => _reader;

    /// <summary>Opens a reader over UTF-8 (or BOM/declaration-labelled) bytes, after the size check.</summary>
    internal static XmlInput Open(ReadOnlySpan<byte> document, C3PReaderOptions? options)
    {
        options ??= C3PReaderOptions.Default;
        options.Validate();
        // Limits first: a UTF-8 document of N characters holds at least N bytes... but one character may take up to
        // four bytes, so the byte bound is four times the character bound; the reader enforces the exact count.
        if ((long)document.Length > 4L * options.MaxCharacters)
        {
            throw new C3PParseException(C3PParseErrorReason.DocumentTooLarge, string.Create(CultureInfo.InvariantCulture, $"{document.Length} bytes"), 0, 0);
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(document.Length, 1));
        document.CopyTo(rented);
        var stream = new MemoryStream(rented, 0, document.Length, writable: false);
        var doctype = document.IndexOf("<!DOCTYPE"u8);
        var mayHoldDtd = doctype >= 0 || document.IndexOf("<\0!\0D\0O\0C\0T\0Y\0P\0E\0"u8) >= 0;
        var where = doctype < 0 ? default : (document[..doctype].Count((byte)'\n') + 1, doctype - document[..doctype].LastIndexOf((byte)'\n'));
        return new XmlInput(XmlReader.Create(stream, CreateSettings(options)), options, rented, mayHoldDtd, where);
    }

    /// <summary>Opens a reader over a string.</summary>
    internal static XmlInput Open(string document, C3PReaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= C3PReaderOptions.Default;
        options.Validate();
        if (document.Length > options.MaxCharacters)
        {
            throw new C3PParseException(C3PParseErrorReason.DocumentTooLarge, string.Create(CultureInfo.InvariantCulture, $"{document.Length} characters"), 0, 0);
        }

        var doctype = document.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        var where = doctype < 0 ? default : (document.AsSpan(0, doctype).Count('\n') + 1, doctype - document.AsSpan(0, doctype).LastIndexOf('\n'));
        return new XmlInput(XmlReader.Create(new StringReader(document), CreateSettings(options)), options, null, doctype >= 0, where);
    }

    private static XmlReaderSettings CreateSettings(C3PReaderOptions options) => new()
    {
        // No DTD means no entity declarations: no billion-laughs expansion and no external entity fetches.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = options.MaxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
        CheckCharacters = true,
        ConformanceLevel = ConformanceLevel.Document,
    };

    public void Dispose()
    {
        _reader.Dispose();
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented, clearArray: false);
        }
    }

    /// <summary>Moves to the root element (skipping the declaration and comments) and checks its name.</summary>
    internal void MoveToRoot(string expectedNamespace, string expectedLocalName)
    {
        while (Advance())
        {
            if (_reader.NodeType == XmlNodeType.Element)
            {
                if (_reader.LocalName != expectedLocalName || _reader.NamespaceURI != expectedNamespace)
                {
                    throw Error(C3PParseErrorReason.UnexpectedRoot, $"{{{_reader.NamespaceURI}}}{_reader.LocalName}; expected {{{expectedNamespace}}}{expectedLocalName}");
                }

                return;
            }
        }

        throw Error(C3PParseErrorReason.MalformedXml, "no root element");
    }

    /// <summary>Moves past the root's end to the end of the input; anything but trailing misc is malformed.</summary>
    internal void ReadToEnd()
    {
        while (_reader.NodeType != XmlNodeType.None && !_reader.EOF)
        {
            Advance();
        }
    }

    /// <summary>Reads one node: the single place where the element count and depth limits are enforced.</summary>
    internal bool Advance()
    {
        bool more;
        try
        {
            more = _reader.Read();
        }
        catch (XmlException e)
        {
            throw Translate(e);
        }

        if (more && _reader.NodeType == XmlNodeType.Element)
        {
            if (++_elements > _options.MaxElements)
            {
                throw Error(C3PParseErrorReason.TooManyElements, string.Create(CultureInfo.InvariantCulture, $"more than {_options.MaxElements} elements"));
            }

            // XmlReader depth is 0 at the root; our limit counts the root as 1.
            if (_reader.Depth + 1 > _options.MaxDepth)
            {
                throw Error(C3PParseErrorReason.TooDeep, string.Create(CultureInfo.InvariantCulture, $"deeper than {_options.MaxDepth} at <{_reader.LocalName}>"));
            }
        }

        return more;
    }

    /// <summary>
    /// Runs a reader over this input. XmlReader can throw from any property that decodes lazily (Value, attribute
    /// access), not only from Read, so the whole walk is guarded and every reader failure leaves as a parse error.
    /// </summary>
    internal T Run<T>(Func<XmlInput, T> read)
    {
        try
        {
            return read(this);
        }
        catch (XmlException e)
        {
            throw Translate(e);
        }
    }

    private C3PParseException Translate(XmlException e)
    {
        var reason = e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) ? C3PParseErrorReason.DocumentTooLarge
            : _mayHoldDtd && e.Message.Contains("DTD", StringComparison.Ordinal) ? C3PParseErrorReason.DtdProhibited
            : C3PParseErrorReason.MalformedXml;
        var detail = reason switch
        {
            // The reader's own text suggests enabling DTD processing, which is exactly what must not happen.
            C3PParseErrorReason.DtdProhibited => "the document carries a DTD (<!DOCTYPE>); DTDs and entity declarations are refused",
            C3PParseErrorReason.DocumentTooLarge => string.Create(CultureInfo.InvariantCulture, $"more than {_options.MaxCharacters} characters"),
            _ => Truncate(e.Message),
        };
        // The reader's DTD error carries no position; the DOCTYPE's own position (found when opening) is the answer.
        var (line, position) = reason == C3PParseErrorReason.DtdProhibited && e.LineNumber == 0 ? _doctype : (e.LineNumber, e.LinePosition);
        return new C3PParseException(reason, detail, line, position, e);
    }

    /// <summary>Builds an error at the reader's current position.</summary>
    internal C3PParseException Error(C3PParseErrorReason reason, string detail) =>
        new(reason, Truncate(detail), _lineInfo?.LineNumber ?? 0, _lineInfo?.LinePosition ?? 0);

    internal static string Truncate(string text) =>
        text.Length <= 160 ? text : string.Concat(text.AsSpan(0, 160), "…");

    /// <summary>
    /// Enters the current element's content. Returns <see langword="false"/> (already past the element) when it is
    /// empty; otherwise the caller loops on <see cref="NextChild"/> with the returned depth.
    /// </summary>
    internal bool Enter(out int depth)
    {
        Debug.Assert(_reader.NodeType == XmlNodeType.Element, "Enter is called on a start tag");
        depth = _reader.Depth;
        var empty = _reader.IsEmptyElement;
        Advance();
        return !empty;
    }

    /// <summary>
    /// Moves to the next child element of the element entered at <paramref name="depth"/>; returns
    /// <see langword="false"/> after consuming that element's end tag. Text between children is appended to
    /// <paramref name="text"/> when given and otherwise must be whitespace.
    /// </summary>
    internal bool NextChild(int depth, StringBuilder? text = null, bool ignoreText = false)
    {
        while (true)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    return true;
                case XmlNodeType.EndElement when _reader.Depth == depth:
                    Advance();
                    return false;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (text is not null)
                    {
                        text.Append(_reader.Value);
                    }
                    else if (!ignoreText && _reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && !string.IsNullOrWhiteSpace(_reader.Value))
                    {
                        throw Error(C3PParseErrorReason.UnexpectedElement, $"text where only elements may appear: \"{Truncate(_reader.Value)}\"");
                    }

                    Advance();
                    break;
                case XmlNodeType.None:
                    throw Error(C3PParseErrorReason.MalformedXml, "unexpected end of document");
                default:
                    Advance();
                    break;
            }
        }
    }

    /// <summary>Reads a text-only element and returns its text; child elements are an error.</summary>
    internal string ReadText()
    {
        var name = _reader.LocalName;
        if (NextAttribute(out var attrNs, out var attrName, out _))
        {
            // A typed text value has nowhere to keep attributes; refusing is better than dropping them silently.
            throw Error(C3PParseErrorReason.InvalidAttribute, $"<{name}> holds only text and takes no attributes; found {{{attrNs}}}{attrName}");
        }

        if (!Enter(out var depth))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        if (NextChild(depth, text))
        {
            throw Error(C3PParseErrorReason.UnexpectedElement, $"<{_reader.LocalName}> inside <{name}>, which holds only text");
        }

        return text.ToString();
    }

    /// <summary>Skips the current element and its content (still counting and depth-checking every element).</summary>
    internal void Skip()
    {
        if (!Enter(out var depth))
        {
            return;
        }

        while (NextChild(depth, ignoreText: true))
        {
            Skip();
        }
    }
}
