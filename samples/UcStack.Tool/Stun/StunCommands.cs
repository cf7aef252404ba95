using System.CommandLine;
using System.Globalization;
using System.Text;
using UcStack.Stun;

namespace UcStack.Tool;

/// <summary>
/// <c>ucstack stun decode [--password P | --long-term USER:REALM:PASSWORD] HEXFILE|-</c>: prints a STUN
/// message (class, method, transaction id, every attribute decoded) and the integrity and fingerprint
/// checks. Exit 0 when it decoded (and verified, when a credential was given), 1 otherwise, 2 on usage errors.
/// </summary>
internal static class StunCommands
{
    private const int ExitOk = 0;
    private const int ExitFailed = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var password = new Option<string>("--password") { Description = "Short-term credential password (RFC 8489 §9.1)." };
        var longTerm = new Option<string>("--long-term") { Description = "Long-term credential as USER:REALM:PASSWORD (RFC 8489 §9.2; the password may contain ':')." };
        var profile = new Option<StunPasswordProfile>("--profile")
        {
            Description = "Password preparation: OpaqueString (RFC 8489, default), SaslPrep (RFC 5389/5769) or None.",
            DefaultValueFactory = _ => StunPasswordProfile.OpaqueString,
        };
        var sha256 = new Option<bool>("--sha256") { Description = "Derive the long-term key with SHA-256 instead of MD5 (RFC 8489 §9.2.2)." };
        var msTurn = new Option<bool>("--ms-turn") { Description = "Also accept the MS-TURN cookie-less format." };
        var file = new Argument<string>("HEXFILE") { Description = "File holding the message as hex ('#' comments and whitespace allowed), or '-' for standard input." };

        var decode = new Command("decode", "Decode a STUN message and check MESSAGE-INTEGRITY and FINGERPRINT.")
        {
            password, longTerm, profile, sha256, msTurn, file,
        };
        decode.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var passwordValue = parse.GetValue(password);
            var longTermValue = parse.GetValue(longTerm);
            if (passwordValue is not null && longTermValue is not null)
            {
                error.WriteLine("Give either --password or --long-term, not both.");
                return ExitUsage;
            }

            StunIntegrityKey? key;
            try
            {
                key = CreateKey(passwordValue, longTermValue, parse.GetValue(profile), parse.GetValue(sha256));
            }
            catch (FormatException e)
            {
                error.WriteLine(e.Message);
                return ExitUsage;
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"Credential rejected: {e.Message}");
                return ExitFailed;
            }
            catch (PlatformNotSupportedException e)
            {
                error.WriteLine($"Credential cannot be prepared here: {e.Message}");
                return ExitFailed;
            }

            using (key)
            {
                string text;
                try
                {
                    var path = parse.GetValue(file)!;
                    text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
                }
                catch (IOException e)
                {
                    error.WriteLine(e.Message);
                    return ExitUsage;
                }
                catch (UnauthorizedAccessException e)
                {
                    error.WriteLine(e.Message);
                    return ExitUsage;
                }

                if (!TryParseHex(text, out var bytes, out var hexProblem))
                {
                    error.WriteLine(hexProblem);
                    return ExitFailed;
                }

                var options = new StunParseOptions { AllowMsTurnFormat = parse.GetValue(msTurn) };
                return Print(bytes, options, key, output, error);
            }
        });

        var stun = new Command("stun", "STUN (RFC 8489) message tools.");
        stun.Subcommands.Add(decode);
        stun.Subcommands.Add(StunBindingCommand.Create());
        return stun;
    }

    private static StunIntegrityKey? CreateKey(string? password, string? longTerm, StunPasswordProfile profile, bool sha256)
    {
        if (password is not null)
        {
            return StunIntegrityKey.ForShortTerm(password, profile);
        }

        if (longTerm is null)
        {
            return null;
        }

        var parts = longTerm.Split(':', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("--long-term takes USER:REALM:PASSWORD.");
        }

        return StunIntegrityKey.ForLongTerm(parts[0], parts[1], parts[2], sha256 ? StunPasswordAlgorithm.Sha256 : StunPasswordAlgorithm.Md5, profile);
    }

    private static int Print(byte[] bytes, StunParseOptions options, StunIntegrityKey? key, TextWriter output, TextWriter error)
    {
        if (!StunMessageReader.TryParse(bytes, options, out var reader, out var parseError))
        {
            error.WriteLine($"not a valid STUN message: {parseError}");
            return ExitFailed;
        }

        var type = reader.Type;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format: {(reader.IsMsTurnFormat ? "MS-TURN (no magic cookie)" : "RFC 8489")}, {bytes.Length} bytes"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"type: 0x{reader.RawType:x4}"));
        if (reader.IsMsTurnFormat)
        {
            // MS-TURN numbers its types before RFC 5389's class/method layout, so decoding them would mislead.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"class/method: MS-TURN type 0x{reader.RawType:x4} (pre-RFC 5389 numbering)"));
        }
        else
        {
            output.WriteLine($"class: {type.Class}");
            output.WriteLine($"method: {StunAttributeText.MethodName(type.Method)}");
        }
        output.WriteLine($"transaction id: {Convert.ToHexStringLower(reader.TransactionId)}");
        foreach (var attribute in reader.Attributes)
        {
            var name = StunAttributeText.Name(attribute.Type, reader.IsMsTurnFormat);
            var value = StunAttributeText.Value(reader, attribute);
            var note = attribute.IsIgnored ? " (ignored: after MESSAGE-INTEGRITY/FINGERPRINT)" : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} (0x{attribute.Type:x4}) length {attribute.Value.Length}: {value}{note}"));
        }

        if (reader.UnknownComprehensionRequiredCount > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unknown comprehension-required attributes: {reader.UnknownComprehensionRequiredCount}"));
        }

        var integrity = reader.Contains(StunAttributeType.MessageIntegrity) ? (key is null ? "present (no credential given)" : Word(reader.VerifyMessageIntegrity(key))) : "absent";
        output.WriteLine($"integrity: {integrity}");
        if (reader.Contains(StunAttributeType.MessageIntegritySha256))
        {
            output.WriteLine($"integrity-sha256: {(key is null ? "present (no credential given)" : Word(reader.VerifyMessageIntegritySha256(key)))}");
        }

        var fingerprint = reader.VerifyFingerprint();
        output.WriteLine($"fingerprint: {Word(fingerprint)}");

        var failed = fingerprint == StunVerification.Failed;
        if (key is not null)
        {
            var sha1 = reader.VerifyMessageIntegrity(key);
            var sha256 = reader.VerifyMessageIntegritySha256(key);
            failed |= sha1 == StunVerification.Failed || sha256 == StunVerification.Failed
                || (sha1 == StunVerification.Absent && sha256 == StunVerification.Absent);
        }

        return failed ? ExitFailed : ExitOk;
    }

    private static string Word(StunVerification verification) => verification switch
    {
        StunVerification.Ok => "ok",
        StunVerification.Failed => "bad",
        _ => "absent",
    };

    private static bool TryParseHex(string text, out byte[] bytes, out string problem)
    {
        var digits = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var content = line;
            var comment = content.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                content = content[..comment];
            }

            foreach (var ch in content)
            {
                if (!char.IsWhiteSpace(ch))
                {
                    digits.Append(ch);
                }
            }
        }

        var hex = digits.ToString();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }

        try
        {
            bytes = Convert.FromHexString(hex);
            problem = string.Empty;
            return bytes.Length > 0 || Fail(out problem, "the input holds no hex digits");
        }
        catch (FormatException)
        {
            bytes = [];
            problem = "the input is not hexadecimal (an odd number of digits, or a non-hex character)";
            return false;
        }
    }

    private static bool Fail(out string problem, string message)
    {
        problem = message;
        return false;
    }
}
