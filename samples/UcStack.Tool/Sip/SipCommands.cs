using System.Buffers;
using System.CommandLine;
using UcStack.Sip;

namespace UcStack.Tool.Sip;

/// <summary><c>ucstack sip ...</c>: SIP diagnostics.</summary>
internal static class SipCommands
{
    public static Command Create()
    {
        var sip = new Command("sip", "SIP (RFC 3261) diagnostics");
        sip.Subcommands.Add(CreateParse());
        sip.Subcommands.Add(SipUasCommand.Create());
        sip.Subcommands.Add(SipCallCommand.Create());
        sip.Subcommands.Add(SipOptionsCommand.Create());
        sip.Subcommands.Add(SipRegisterCommand.Create());
        return sip;
    }

    private static Command CreateParse()
    {
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "Files, each holding one SIP message as it would arrive in one datagram (RFC 3261 §18.3)",
            Arity = ArgumentArity.OneOrMore,
        };
        var print = new Option<bool>("--print")
        {
            Description = "Write each valid message back in canonical form after its verdict",
        };
        var command = new Command("parse", "Parse and validate SIP messages; exit 0 when all are valid, 1 when any is not") { files, print };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return Parse(parse.GetValue(files)!, parse.GetValue(print), output, error);
        });
        return command;
    }

    internal static int Parse(IReadOnlyList<FileInfo> files, bool print, TextWriter output, TextWriter error)
    {
        var anyInvalid = false;
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{file}: cannot read: {e.Message}");
                return ToolApp.ExitUsage;
            }

            if (!SipMessage.TryParse(bytes, out var message, out var parseError))
            {
                output.WriteLine($"{file}: invalid: {parseError}");
                anyInvalid = true;
                continue;
            }

            using (message)
            {
                if (!message.TryValidate(out parseError))
                {
                    output.WriteLine($"{file}: invalid: {parseError}");
                    anyInvalid = true;
                    continue;
                }

                output.WriteLine($"{file}: valid");
                if (print)
                {
                    var buffer = new ArrayBufferWriter<byte>();
                    message.WriteTo(buffer);
                    output.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
                    output.WriteLine();
                }
            }
        }

        return anyInvalid ? ToolApp.ExitFailed : ToolApp.ExitOk;
    }
}
