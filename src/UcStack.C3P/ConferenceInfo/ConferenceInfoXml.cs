namespace UcStack.C3P;

/// <summary>
/// Reads and writes RFC 4575 <c>conference-info</c> documents (<c>application/conference-info+xml</c>) with a
/// hardened streaming reader: no DTD, no resolver, and the limits of <see cref="C3PReaderOptions"/>.
/// </summary>
public static class ConferenceInfoXml
{
    /// <summary>Parses a document from its encoded bytes (UTF-8 unless a BOM or declaration says otherwise).</summary>
    /// <param name="document">The body bytes.</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>The document.</returns>
    /// <exception cref="C3PParseException">The body is not a valid conference-info document.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public static ConferenceInfoDocument Parse(ReadOnlySpan<byte> document, C3PReaderOptions? options = null)
    {
        using var input = XmlInput.Open(document, options);
        return input.Run(Read);
    }

    /// <summary>Parses a document from text.</summary>
    /// <param name="document">The body text.</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>The document.</returns>
    /// <exception cref="C3PParseException">The body is not a valid conference-info document.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static ConferenceInfoDocument Parse(string document, C3PReaderOptions? options = null)
    {
        using var input = XmlInput.Open(document, options);
        return input.Run(Read);
    }

    /// <summary>Parses a document, reporting failure as a value instead of an exception.</summary>
    /// <param name="document">The body bytes.</param>
    /// <param name="result">The document when parsing succeeded.</param>
    /// <param name="error">The reason when it failed.</param>
    /// <param name="options">Limits; <see cref="C3PReaderOptions.Default"/> when null.</param>
    /// <returns>Whether the body was valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> document, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConferenceInfoDocument? result, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out C3PParseException? error, C3PReaderOptions? options = null)
    {
        try
        {
            result = Parse(document, options);
            error = null;
            return true;
        }
        catch (C3PParseException e)
        {
            result = null;
            error = e;
            return false;
        }
    }

    private static ConferenceInfoDocument Read(XmlInput input)
    {
        input.MoveToRoot(C3PNamespaces.ConferenceInfo, "conference-info");
        var document = ConferenceInfoReader.ReadConferenceInfo(input);
        input.ReadToEnd();
        return document;
    }

    /// <summary>Writes a document as UTF-8 with an XML declaration.</summary>
    /// <param name="document">The document.</param>
    /// <param name="indent">Whether to indent (for people); false for the wire.</param>
    /// <returns>The encoded body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    /// <exception cref="ArgumentException">A value holds a character XML 1.0 cannot carry.</exception>
    public static byte[] Write(ConferenceInfoDocument document, bool indent = false)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, document, indent);
        return stream.ToArray();
    }

    /// <summary>Writes a document as UTF-8 with an XML declaration to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="document">The document.</param>
    /// <param name="indent">Whether to indent.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A value holds a character XML 1.0 cannot carry.</exception>
    public static void WriteTo(Stream destination, ConferenceInfoDocument document, bool indent = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(document);
        using var output = new XmlOutput(destination, indent);
        output.StartDocument();
        ConferenceInfoWriter.Write(output, document, declare: true);
        output.EndDocument();
        output.Flush();
    }
}
