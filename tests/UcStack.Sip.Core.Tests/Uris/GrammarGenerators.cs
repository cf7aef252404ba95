using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Uris;

/// <summary>FsCheck generators of valid URIs and header values, built through the public constructors.</summary>
internal static class GrammarGenerators
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string AlphaNum = Alpha + "0123456789";

    internal static Gen<string> StringOf(string chars, int min, int max) =>
        from n in Gen.Choose(min, max)
        from cs in Gen.ArrayOf(Gen.Elements(chars.ToCharArray()), n)
        select new string(cs);

    internal static readonly Gen<string> Label =
        from first in Gen.Elements(AlphaNum.ToCharArray())
        from middle in StringOf(AlphaNum + "-", 0, 6)
        from last in Gen.Elements(AlphaNum.ToCharArray())
        from oneChar in Gen.Elements(true, false)
        select oneChar ? first.ToString() : first + middle + last;

    internal static readonly Gen<string> TopLabel =
        from first in Gen.Elements(Alpha.ToCharArray())
        from rest in StringOf(AlphaNum, 0, 5)
        select first + rest;

    internal static readonly Gen<string> DomainName =
        from labels in Gen.Choose(0, 3).SelectMany(n => Gen.ListOf(Label, n))
        from top in TopLabel
        select string.Join(".", labels.Append(top));

    internal static readonly Gen<string> IPv4 =
        from parts in Gen.ArrayOf(Gen.Choose(0, 255), 4)
        select string.Join(".", parts);

    internal static readonly Gen<string> IPv6 =
        from groups in Gen.ArrayOf(Gen.Choose(0, 0xFFFF), 8)
        from compress in Gen.Choose(-1, 6)
        from v4Tail in Gen.Elements(false, false, true)
        from v4 in IPv4
        select FormatIPv6(groups, compress, v4Tail ? v4 : null);

    internal static readonly Gen<string> Host = Gen.OneOf(DomainName, IPv4, IPv6.Select(v6 => "[" + v6 + "]"));

    /// <summary>Any text, including characters that must be escaped (space, "@", ":", non-ASCII, NUL).</summary>
    internal static readonly Gen<string> FreeText =
        StringOf(AlphaNum + "-_.!~*'()&=+$,;?/ @:%\0\u00e9\u4e2d", 1, 10);

    internal static readonly Gen<string> Token = StringOf(AlphaNum + "-.!%*_+`'~", 1, 8);

    internal static readonly Gen<string> ParamValueRaw = StringOf(AlphaNum + "-_.!~*'()[]/:&+$", 1, 8);

    internal static readonly Gen<SipUri> SipUri =
        from secure in Gen.Elements(true, false)
        from host in Host
        from port in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 65535).Select(p => (int?)p))
        from user in Gen.OneOf(Gen.Constant<string?>(null), FreeText.Select(u => (string?)u))
        from password in Gen.OneOf(Gen.Constant<string?>(null), FreeText.Select(p => (string?)p), Gen.Constant<string?>(string.Empty))
        from paramNames in Gen.SubListOf(new[] { "transport", "lr", "maddr", "ttl", "user", "method", "x-custom", "k" })
        from paramValues in Gen.ArrayOf(ParamValueRaw, paramNames.Count)
        from headers in Gen.Choose(0, 2).SelectMany(n => Gen.ListOf(Gen.Zip(Token, FreeText), n))
        select BuildUri(secure, host, port, user, password, paramNames, paramValues, headers);

    internal static readonly Gen<ViaHeader> Via =
        from transport in Gen.Elements("UDP", "TCP", "TLS", "SCTP", "WS", "WSS", "X-NEW")
        from host in Host
        from port in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 65535).Select(p => (int?)p))
        from branch in Token.Select(t => "z9hG4bK" + t)
        from received in Gen.OneOf(Gen.Constant<string?>(null), IPv4.Select(a => (string?)a), IPv6.Select(a => (string?)a))
        from rport in Gen.OneOf(Gen.Constant<string?>("-"), Gen.Constant<string?>(null), Gen.Choose(1, 65535).Select(p => (string?)p.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        from extra in Gen.OneOf(Gen.Constant<string?>(null), Token.Select(t => (string?)t))
        select BuildVia(transport, host, port, branch, received, rport, extra);

    internal static readonly Gen<NameAddressHeader> NameAddress =
        from uri in Gen.OneOf(SipUri.Select(u => (AddressUri)u), Gen.Elements<AddressUri>(new TelUri("+1-201-555-0123"), new AbsoluteUri("urn", "service:sos")))
        from display in Gen.OneOf(Gen.Constant<string?>(null), StringOf(AlphaNum + " \"\\\t<>,;:@\u00e9\u4e2d\u0001", 0, 12).Select(d => (string?)d))
        from tag in Gen.OneOf(Gen.Constant<string?>(null), Token.Select(t => (string?)t))
        from q in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements<string?>("0", "1", "0.5", "0.123", "1.000"))
        from expires in Gen.OneOf(Gen.Constant<uint?>(null), Gen.Choose(0, int.MaxValue).Select(e => (uint?)e))
        select BuildNameAddress(uri, display, tag, q, expires);

    private static SipUri BuildUri(bool secure, string host, int? port, string? user, string? password, List<string> names, string[] values, List<(string, string)> headers)
    {
        var uri = new SipUri(host, port, user, secure, user is null ? null : password);
        for (var i = 0; i < names.Count; i++)
        {
            var value = names[i] switch
            {
                "lr" => null,
                "ttl" => (values[i].Length % 256).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "maddr" => "192.0.2." + (values[i].Length % 256).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "transport" or "user" or "method" => "tok" + values[i].Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => values[i],
            };
            uri.Parameters.Set(names[i], value);
        }

        foreach (var (name, value) in headers) uri.Headers.Add(name, value);
        return uri;
    }

    private static ViaHeader BuildVia(string transport, string host, int? port, string branch, string? received, string? rport, string? extra)
    {
        var via = new ViaHeader(transport, host, port, branch);
        if (received is not null) via.Parameters.Set("received", received);
        if (rport is not null) via.Parameters.Set("rport", rport == "-" ? null : rport);
        if (extra is not null && via.Parameters.IndexOf(extra) < 0) via.Parameters.Set(extra, null);
        return via;
    }

    private static NameAddressHeader BuildNameAddress(AddressUri uri, string? display, string? tag, string? q, uint? expires)
    {
        var h = new NameAddressHeader(uri, display);
        if (tag is not null) h.Parameters.Set("tag", tag);
        if (q is not null) h.Parameters.Set("q", q);
        if (expires is not null) h.Parameters.Set("expires", expires.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return h;
    }

    private static string FormatIPv6(int[] groups, int compressAt, string? v4)
    {
        var parts = groups.Select(g => g.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (v4 is not null)
        {
            parts.RemoveRange(6, 2);
            parts.Add(v4);
        }

        if (compressAt >= 0 && compressAt < parts.Count - 1)
        {
            // Replace two groups at compressAt with "::".
            var head = string.Join(":", parts.Take(compressAt));
            var tail = string.Join(":", parts.Skip(compressAt + 2));
            return head + "::" + tail;
        }

        return string.Join(":", parts);
    }
}
