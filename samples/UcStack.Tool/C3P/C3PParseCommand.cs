using System.CommandLine;
using System.Text;
using UcStack.C3P;

namespace UcStack.Tool.C3P;

/// <summary><c>ucstack c3p parse FILE...</c>: validate and pretty-print C3P bodies and conference-info documents.</summary>
internal static class C3PParseCommand
{
    internal const int ExitOk = 0;
    internal const int ExitInvalid = 1;
    internal const int ExitUsage = 2;

    /// <summary>Builds <c>c3p</c> with its <c>parse</c> subcommand.</summary>
    public static Command Create()
    {
        var c3p = new Command("c3p", "C3P (centralized conference control) and RFC 4575 conference-info diagnostics");
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "Files, each holding one C3P request or response (application/cccp+xml) or one conference-info document",
            Arity = ArgumentArity.OneOrMore,
        };
        var parse = new Command("parse", "Validate and pretty-print C3P bodies and conference-info documents; exit 0 when all are valid, 1 when any is not") { files };
        parse.SetAction(result => Parse(result.GetValue(files)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        c3p.Subcommands.Add(parse);
        return c3p;
    }

    internal static int Parse(IReadOnlyList<FileInfo> files, TextWriter output, TextWriter error)
    {
        var anyInvalid = false;
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                // Bounded like the parser: a file larger than any document the reader would accept is not read whole.
                if (file.Exists && file.Length > 4L * C3PReaderOptions.Default.MaxCharacters)
                {
                    output.WriteLine($"{file}: invalid: {C3PParseErrorReason.DocumentTooLarge}: {file.Length} bytes");
                    anyInvalid = true;
                    continue;
                }

                bytes = File.ReadAllBytes(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{file}: cannot read: {e.Message}");
                return ExitUsage;
            }

            if (TryFormat(bytes, out var pretty, out var reason))
            {
                output.WriteLine($"{file}: valid");
                output.WriteLine(pretty);
            }
            else
            {
                output.WriteLine($"{file}: invalid: {reason}");
                anyInvalid = true;
            }
        }

        return anyInvalid ? ExitInvalid : ExitOk;
    }

    /// <summary>Parses as C3P, or as conference-info when the root says so, and writes the model back indented.</summary>
    private static bool TryFormat(byte[] bytes, out string pretty, out string reason)
    {
        pretty = reason = string.Empty;
        if (C3PXml.TryParse(bytes, out var message, out var c3pError))
        {
            pretty = Encoding.UTF8.GetString(C3PXml.Write(message, indent: true));
            return true;
        }

        if (c3pError.Reason != C3PParseErrorReason.UnexpectedRoot)
        {
            reason = c3pError.Message;
            return false;
        }

        if (ConferenceInfoXml.TryParse(bytes, out var document, out var infoError))
        {
            pretty = Encoding.UTF8.GetString(ConferenceInfoXml.Write(document, indent: true));
            return true;
        }

        // Neither root: say what both readers expected.
        reason = infoError.Reason == C3PParseErrorReason.UnexpectedRoot
            ? $"{C3PParseErrorReason.UnexpectedRoot}: the root is neither a C3P request/response nor conference-info ({c3pError.Detail}) (line {c3pError.LineNumber}, position {c3pError.LinePosition})"
            : infoError.Message;
        return false;
    }
}
