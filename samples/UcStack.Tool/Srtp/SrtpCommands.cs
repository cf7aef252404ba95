using System.CommandLine;
using System.Security.Cryptography;
using UcStack.Srtp;

namespace UcStack.Tool.Srtp;

/// <summary>
/// <c>ucstack srtp protect|unprotect --suite NAME --key BASE64 [--rtcp] [--mki HEX]</c>: reads one packet per line
/// as hex on stdin and writes one hex line per packet on stdout, or <c>ERROR &lt;reason&gt;</c> for a packet that
/// fails, then carries on. Exit code 0 when every packet succeeded, 1 when any failed, 2 for bad options.
/// </summary>
internal static class SrtpCommands
{
    /// <summary>Longest packet accepted on a line (octets).</summary>
    private const int MaxPacketLength = 65535;

    /// <summary>Builds the <c>srtp</c> command with its two subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("srtp", "Protect or unprotect RTP/RTCP packets with SRTP/SRTCP (RFC 3711, RFC 7714), one hex packet per line on stdin (blank lines are ignored); one hex line or ERROR <status> per packet on stdout.");
        command.Subcommands.Add(CreateDirection("protect", protect: true));
        command.Subcommands.Add(CreateDirection("unprotect", protect: false));
        return command;
    }

    /// <summary>Processes every line of <paramref name="input"/>; separated from the command for testing.</summary>
    internal static int Run(bool protect, string suiteName, string keyBase64, bool rtcp, string? mkiHex, TextReader input, TextWriter output, TextWriter error)
    {
        if (!SrtpSuite.TryParse(suiteName, out var suite))
        {
            error.WriteLine($"Unknown suite '{suiteName}'. Known: {string.Join(", ", SrtpSuite.All)}.");
            return ToolApp.ExitUsage;
        }

        byte[] keyMaterial;
        byte[] mki;
        try
        {
            keyMaterial = Convert.FromBase64String(keyBase64);
            mki = string.IsNullOrEmpty(mkiHex) ? [] : Convert.FromHexString(mkiHex);
        }
        catch (FormatException ex)
        {
            error.WriteLine($"Bad --key or --mki: {ex.Message}");
            return ToolApp.ExitUsage;
        }

        try
        {
            if (keyMaterial.Length != suite.KeyMaterialLength)
            {
                error.WriteLine($"--key decodes to {keyMaterial.Length} octets; {suite.Name} needs master key + salt = {suite.KeyMaterialLength}.");
                return ToolApp.ExitUsage;
            }

            SrtpContext context;
            try
            {
                using var policy = new SrtpPolicy(suite, new SrtpMasterKey(keyMaterial.AsSpan(0, suite.MasterKeyLength), keyMaterial.AsSpan(suite.MasterKeyLength), mki));
                context = new SrtpContext(policy);
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"Bad --mki: {ex.Message}");
                return ToolApp.ExitUsage;
            }

            using (context)
            {
                return ProcessLines(context, protect, rtcp, input, output);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyMaterial);
        }
    }

    private static Command CreateDirection(string name, bool protect)
    {
        var suite = new Option<string>("--suite") { Required = true, Description = "Crypto suite, e.g. AES_CM_128_HMAC_SHA1_80 or AEAD_AES_128_GCM." };
        var key = new Option<string>("--key") { Required = true, Description = "Master key followed by master salt, base64 (as in SDES inline:)." };
        var rtcp = new Option<bool>("--rtcp") { Description = "Packets are RTCP (SRTCP) instead of RTP." };
        var mki = new Option<string?>("--mki") { Description = "MKI value in hex (1 to 4 octets); omit for no MKI." };
        var command = new Command(name, protect ? "Protect plain packets into SRTP/SRTCP." : "Verify and decrypt SRTP/SRTCP packets.")
        {
            suite, key, rtcp, mki,
        };
        command.SetAction(parse => Run(
            protect,
            parse.GetValue(suite)!,
            parse.GetValue(key)!,
            parse.GetValue(rtcp),
            parse.GetValue(mki),
            Console.In,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int ProcessLines(SrtpContext context, bool protect, bool rtcp, TextReader input, TextWriter output)
    {
        var buffer = new byte[MaxPacketLength + 64];
        var failed = false;
        while (input.ReadLine() is { } line)
        {
            var hex = line.AsSpan().Trim();
            if (hex.IsEmpty)
            {
                continue;
            }

            var reason = Process(context, protect, rtcp, hex, buffer, out var length);
            if (reason is null)
            {
                output.WriteLine(Convert.ToHexStringLower(buffer, 0, length));
            }
            else
            {
                failed = true;
                output.WriteLine($"ERROR {reason}");
            }
        }

        return failed ? ToolApp.ExitFailed : ToolApp.ExitOk;
    }

    /// <summary>Returns null on success, else the reason.</summary>
    private static string? Process(SrtpContext context, bool protect, bool rtcp, ReadOnlySpan<char> hex, byte[] buffer, out int length)
    {
        length = 0;
        if (hex.Length > 2 * MaxPacketLength)
        {
            return $"packet longer than {MaxPacketLength} octets";
        }

        if (Convert.FromHexString(hex, buffer, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return "invalid hex";
        }

        var status = (protect, rtcp) switch
        {
            (true, false) => context.ProtectRtp(buffer, written, out length),
            (true, true) => context.ProtectRtcp(buffer, written, out length),
            (false, false) => context.UnprotectRtp(buffer.AsSpan(0, written), out length),
            (false, true) => context.UnprotectRtcp(buffer.AsSpan(0, written), out length),
        };
        return status == SrtpStatus.Ok ? null : status.ToString();
    }
}
