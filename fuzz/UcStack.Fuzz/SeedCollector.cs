using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using UcStack.Srtp;

namespace UcStack.Fuzz;

/// <summary>
/// Builds one seed directory per target from the test fixtures already in the repository (RFC 4475/5118 SIP torture
/// messages, RFC 5769 STUN vectors, RFC 7714 RTP/RTCP packets, SDP, C3P, conference-info and Psom golden frames), so no
/// fixture is duplicated into fuzz/. SRTP seeds are the fixture packets protected with <see cref="FuzzKeys"/>.
/// </summary>
internal static partial class SeedCollector
{
    /// <summary>AFL works best with small seeds; larger fixtures are skipped.</summary>
    private const int MaxSeedLength = 8 * 1024;

    public static List<(string Name, int Count)> Write(string repoRoot, string outDir)
    {
        var tests = Path.Combine(repoRoot, "tests");
        var seeds = FuzzTargets.All.ToDictionary(t => t.Name, _ => new List<(string Name, byte[] Bytes)>(), StringComparer.Ordinal);

        var sipFiles = Files(Path.Combine(tests, "UcStack.Sip.Core.Tests", "Fixtures"), "*.dat")
            .Concat(Files(Path.Combine(tests, "UcStack.Tool.Tests", "Fixtures"), "*.dat"));
        foreach (var file in sipFiles)
        {
            var bytes = File.ReadAllBytes(file);
            seeds["sip-message"].Add((Path.GetFileName(file), bytes));
            seeds["sip-stream"].Add((Path.GetFileName(file), bytes));
            var index = 0;
            foreach (var uri in UrisIn(bytes))
            {
                seeds["sip-uri"].Add(($"{Path.GetFileNameWithoutExtension(file)}-{index++}", uri));
            }

            var text = Encoding.Latin1.GetString(bytes);
            var body = text.IndexOf("\r\n\r\nv=0", StringComparison.Ordinal);
            if (body >= 0)
            {
                seeds["sdp"].Add((Path.GetFileName(file), Encoding.Latin1.GetBytes(text[(body + 4)..])));
            }
        }

        foreach (var file in Files(Path.Combine(tests, "UcStack.Sdp.Tests", "Fixtures"), "*.sdp"))
        {
            seeds["sdp"].Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }

        foreach (var file in Files(Path.Combine(tests, "UcStack.Stun.Tests", "Fixtures"), "*.bin"))
        {
            seeds["stun"].Add((Path.GetFileName(file), File.ReadAllBytes(file)));
            seeds["stun-msturn"].Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }

        // No ChannelData fixture exists: two framed messages on the first and last channel numbers (RFC 8656 §12).
        seeds["turn-channeldata"].Add(("channel-4000", ChannelData(0x4000, "hello"u8)));
        seeds["turn-channeldata"].Add(("channel-4fff-padded", [.. ChannelData(0x4FFF, "abcde"u8), 0, 0, 0]));

        var srtpFixtures = Path.Combine(tests, "UcStack.Srtp.Tests", "Fixtures");
        foreach (var (name, packet) in HexLines(srtpFixtures, "rtp_packet"))
        {
            seeds["rtp"].Add((name, packet));
            AddProtected(seeds["srtp-unprotect"], name, packet, rtcp: false);
        }

        foreach (var (name, packet) in HexLines(srtpFixtures, "rtcp_packet"))
        {
            seeds["rtcp"].Add((name, packet));
            AddProtected(seeds["srtcp-unprotect"], name, packet, rtcp: true);
        }

        // The RFC 7714 vectors are all one plain packet shape; these cover CSRCs, both extension forms, padding and
        // every RTCP packet type, so AFL starts past the first length checks.
        foreach (var (name, hex) in HandWrittenMedia)
        {
            var packet = Convert.FromHexString(hex);
            var rtcp = name.StartsWith("rtcp", StringComparison.Ordinal);
            seeds[rtcp ? "rtcp" : "rtp"].Add((name, packet));
            AddProtected(seeds[rtcp ? "srtcp-unprotect" : "srtp-unprotect"], name, packet, rtcp);
        }

        var c3pFixtures = Path.Combine(tests, "UcStack.C3P.Tests", "Fixtures");
        foreach (var file in Files(Path.Combine(c3pFixtures, "c3p"), "*.xml"))
        {
            seeds["c3p"].Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }

        foreach (var file in Files(Path.Combine(c3pFixtures, "conference-info"), "*.xml"))
        {
            seeds["conference-info"].Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }

        var golden = Path.Combine(tests, "UcStack.Psom.Tests", "Fixtures", "golden-frames.txt");
        if (File.Exists(golden))
        {
            foreach (var line in File.ReadLines(golden))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (line.StartsWith('#') || colon <= 0)
                {
                    continue;
                }

                seeds["psom"].Add((line[..colon].Trim(), Convert.FromHexString(line[(colon + 1)..].Replace(" ", "", StringComparison.Ordinal))));
            }
        }

        var counts = new List<(string, int)>();
        foreach (var (target, list) in seeds)
        {
            var dir = Path.Combine(outDir, target);
            Directory.CreateDirectory(dir);
            var written = 0;
            foreach (var (name, bytes) in list.Where(s => s.Bytes.Length is > 0 and <= MaxSeedLength).DistinctBy(s => Convert.ToHexString(s.Bytes)))
            {
                File.WriteAllBytes(Path.Combine(dir, SafeName(name)), bytes);
                written++;
            }

            counts.Add((target, written));
        }

        return counts;
    }

    private static readonly (string Name, string Hex)[] HandWrittenMedia =
    [
        // V=2 P X CC=1, one-byte extension (RFC 8285 §4.2) with id 1 / 1 byte, 2-byte payload, 2 bytes of padding.
        ("rtp-csrc-onebyte-ext-padding", "B16000010000000200000003" + "00000004" + "BEDE0001" + "10AA0000" + "6162" + "0002"),
        // Two-byte extension (RFC 8285 §4.3) with id 1 / 1 byte.
        ("rtp-twobyte-ext", "906000050000000600000007" + "10000001" + "0101BB00" + "636465"),
        // SR with one report block, SDES with a CNAME, BYE with a reason, APP.
        ("rtcp-sr-sdes-bye-app",
            "81C8000C" + "00000001" + "0000000100000002" + "00000003" + "00000004" + "00000005"
            + "00000009" + "01000002" + "00000003" + "00000004" + "00000005" + "00000006"
            + "81CA0003" + "00000001" + "01026162" + "00000000"
            + "81CB0002" + "00000001" + "02627900"
            + "80CC0003" + "00000001" + "6E616D65" + "64617461"),
        // RR without blocks, then RR with one block.
        ("rtcp-rr", "80C90001" + "00000001" + "81C90007" + "00000002" + "00000003" + "01000002" + "00000003" + "00000004" + "00000005" + "00000006"),
    ];

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal) : [];

    /// <summary>The Request-URI and every &lt;...&gt; URI of a SIP fixture.</summary>
    private static IEnumerable<byte[]> UrisIn(byte[] message)
    {
        var text = Encoding.Latin1.GetString(message);
        var firstLine = text.Split("\r\n", 2)[0].Split(' ');
        if (firstLine.Length == 3 && !firstLine[0].StartsWith("SIP/", StringComparison.Ordinal))
        {
            yield return Encoding.Latin1.GetBytes(firstLine[1]);
        }

        foreach (Match match in BracketedUri().Matches(text))
        {
            yield return Encoding.Latin1.GetBytes(match.Groups[1].Value);
        }
    }

    /// <summary>Every "key: hex" line of the SRTP vector files whose key is exactly <paramref name="key"/>.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> HexLines(string dir, string key)
    {
        foreach (var file in Files(dir, "*.txt"))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    yield return (Path.GetFileNameWithoutExtension(file), Convert.FromHexString(line[(key.Length + 1)..].Trim()));
                }
            }
        }
    }

    private static void AddProtected(List<(string, byte[])> into, string name, byte[] packet, bool rtcp)
    {
        foreach (var suite in SrtpSuite.All)
        {
            using var policy = FuzzKeys.Policy(suite);
            using var sender = new SrtpContext(policy);
            var buffer = new byte[packet.Length + 64];
            packet.CopyTo(buffer, 0);
            var status = rtcp ? sender.ProtectRtcp(buffer, packet.Length, out var length) : sender.ProtectRtp(buffer, packet.Length, out length);
            if (status == SrtpStatus.Ok)
            {
                into.Add(($"{name}-{suite.Name}", buffer[..length]));
            }
        }
    }

    private static byte[] ChannelData(ushort channel, ReadOnlySpan<byte> data)
    {
        var frame = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
        data.CopyTo(frame.AsSpan(4));
        return frame;
    }

    private static string SafeName(string name) => InvalidNameChars().Replace(name, "_");

    [GeneratedRegex("<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\r\n]{1,400})>")]
    private static partial Regex BracketedUri();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex InvalidNameChars();
}
