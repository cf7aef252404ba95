using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Message;

/// <summary>One generated header: the wire form and what the parser should report for it.</summary>
internal sealed record HeaderCase(string WireName, string WireValue, string CanonicalName, string CanonicalValue);

/// <summary>A generated message and the facts the parser must recover from its wire form.</summary>
internal sealed record MessageCase(
    bool IsRequest, string Method, string RequestUri, int StatusCode, string Reason, HeaderCase[] Headers, byte[] Body,
    string Branch, string FromTag, string CallId, uint CSeq)
{
    public byte[] ToWire()
    {
        var text = new StringBuilder();
        text.Append(IsRequest ? $"{Method} {RequestUri} SIP/2.0" : $"SIP/2.0 {StatusCode} {Reason}").Append("\r\n");
        foreach (var h in Headers) text.Append(h.WireName).Append(h.WireValue).Append("\r\n");
        text.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. Body];
    }

    public override string ToString() => Encoding.UTF8.GetString(ToWire());
}

/// <summary>FsCheck generators for SIP messages with mandatory, unknown and repeated headers, folding and bodies.</summary>
internal static class SipMessageGenerators
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
    private const string AlphaNum = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    private static Gen<string> StringOf(string alphabet, int min, int max)
        => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)).Select(cs => new string(cs));

    public static readonly Gen<string> Token = StringOf(TokenChars, 1, 12);

    private static readonly Gen<string> Host =
        Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(StringOf(AlphaNum, 1, 8), n)).Select(parts => string.Join('.', parts) + ".example");

    private static readonly Gen<string> Uri =
        from user in StringOf(AlphaNum, 1, 8)
        from host in Host
        from secure in Gen.Elements(false, true)
        select $"{(secure ? "sips" : "sip")}:{user}@{host}";

    /// <summary>Words of visible text (ASCII and some UTF-8), joined by single spaces.</summary>
    private static readonly Gen<string[]> Words =
        Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(
            Gen.OneOf(StringOf("abcdefghijklmnopqrstuvwxyz0123456789;,=<>@:\"/\\?[]()", 1, 10), Gen.Elements("ünïcödé", "日本", "€")), n));

    /// <summary>The separator before a value: any LWS the grammar allows around the colon.</summary>
    private static readonly Gen<string> Colon = Gen.Elements(": ", ":", " : ", "\t:\t", ":\r\n ", ":  ");

    /// <summary>A space between words, sometimes written as a fold.</summary>
    private static readonly Gen<string> Space = Gen.Frequency((6, Gen.Constant(" ")), (1, Gen.Constant("\r\n ")), (1, Gen.Constant(" \r\n\t")));

    private static Gen<string> Spelled(string name) => Gen.Elements(name, name.ToLowerInvariant(), name.ToUpperInvariant());

    private static Gen<HeaderCase> Known(string canonical, string? compact, string value)
        => from name in compact is null ? Spelled(canonical) : Gen.OneOf(Spelled(canonical), Gen.Elements(compact, compact.ToUpperInvariant()))
           from colon in Colon
           select new HeaderCase(name + colon, value, canonical, value);

    private static readonly Gen<HeaderCase> Unknown =
        from name in Token
        from colon in Colon
        from words in Words
        from spaces in Gen.ArrayOf(Space, words.Length)
        let wire = string.Concat(words.Select((w, i) => i == 0 ? w : spaces[i] + w))
        select new HeaderCase("X-" + name + colon, wire, "X-" + name, string.Join(' ', words));

    public static readonly Gen<MessageCase> Messages =
        from isRequest in Gen.Elements(true, false)
        from method in Gen.OneOf(Gen.Elements("INVITE", "ACK", "BYE", "OPTIONS", "REGISTER", "MESSAGE"), Token)
        from requestUri in Uri
        from status in Gen.Choose(100, 699)
        from reason in Gen.OneOf(Gen.Constant(string.Empty), Words.Select(w => string.Join(' ', w)))
        from branch in StringOf(AlphaNum, 1, 20).Select(s => "z9hG4bK" + s)
        from viaHost in Host
        from extraVias in Gen.Choose(0, 3)
        from fromUri in Uri
        from toUri in Uri
        from fromTag in StringOf(AlphaNum, 1, 16)
        from callId in StringOf(AlphaNum + "@.-", 1, 30)
        from cseq in Gen.Choose(0, int.MaxValue)
        from maxForwards in Gen.Choose(0, 255)
        from via in Known("Via", "v", $"SIP/2.0/UDP {viaHost};branch={branch}")
        from moreVias in Gen.ArrayOf(Known("Via", "v", $"SIP/2.0/TCP {viaHost}:5060;branch=z9hG4bKx"), extraVias)
        from fromHeader in Known("From", "f", $"<{fromUri}>;tag={fromTag}")
        from toHeader in Known("To", "t", $"<{toUri}>")
        from cid in Known("Call-ID", "i", callId)
        from cs in Known("CSeq", null, $"{cseq} {method}")
        from mf in Known("Max-Forwards", null, maxForwards.ToString(System.Globalization.CultureInfo.InvariantCulture))
        from unknown in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Unknown, n))
        from body in Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(AnyByte, n))
        from cl in Known("Content-Length", "l", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
        from order in Gen.Shuffle(new[] { via, fromHeader, toHeader, cid, cs, mf, cl }.Concat(unknown).ToArray())
        let headers = PutViasFirst(order, moreVias, isRequest)
        select new MessageCase(isRequest, method, requestUri, status, reason, headers, body, branch, fromTag, callId, (uint)cseq);

    /// <summary>Keeps the generated Via order (the top one first) while other headers are shuffled around them;
    /// responses drop Max-Forwards, which they do not carry.</summary>
    private static HeaderCase[] PutViasFirst(HeaderCase[] shuffled, HeaderCase[] moreVias, bool isRequest)
    {
        var list = shuffled.Where(h => isRequest || h.CanonicalName != "Max-Forwards").ToList();
        var top = list.FindIndex(h => h.CanonicalName == "Via");
        list.InsertRange(top + 1, moreVias);
        return [.. list];
    }
}
