using System.Text;

namespace UcStack.Sip;

public sealed partial class ViaHeader
{
    /// <summary>via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §25.1).</summary>
    private static bool ParseOne(ReadOnlySpan<byte> s, ref int i, out ViaHeader? via, out SipParseError error)
    {
        via = null;

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport; SLASH = SWS "/" SWS.
        if (!ReadProtocolToken(s, ref i, expectSlash: false, out var name, out error)
            || !ReadProtocolToken(s, ref i, expectSlash: true, out var version, out error)
            || !ReadProtocolToken(s, ref i, expectSlash: true, out var transport, out error))
        {
            return false;
        }

        var afterProtocol = i;
        i = SipSyntax.SkipLws(s, i);
        if (i == afterProtocol || i >= s.Length)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected LWS and sent-by");
            return false;
        }

        // sent-by = host [ COLON port ]
        var hostStart = i;
        if (s[i] == (byte)'[')
        {
            var close = s[i..].IndexOf((byte)']');
            i = close < 0 ? s.Length : i + close + 1;
        }
        else
        {
            while (i < s.Length && UriSyntax.Is(s[i], UriSyntax.UriChar.HostName)) i++;
        }

        var hostSpan = s[hostStart..i];
        if (!HostSyntax.TryClassify(hostSpan, out var kind, out var bad))
        {
            error = new SipParseError(SipParseErrorCode.InvalidHost, hostStart + bad, "invalid sent-by host");
            return false;
        }

        int? port = null;
        var k = SipSyntax.SkipLws(s, i);
        if (k < s.Length && s[k] == (byte)':')
        {
            k = SipSyntax.SkipLws(s, k + 1);
            if (!SipUri.TryParsePort(s, k, out var end, out var p, out error)) return false;
            port = p;
            i = end;
        }

        var result = new ViaHeader(name!, version!, transport!, Encoding.ASCII.GetString(hostSpan), kind, port);
        if (!HeaderGrammar.TryParseParameters(s, ref i, result.Parameters, requireValue: false, Validate, out error)) return false;
        via = result;
        return true;
    }

    private static bool ReadProtocolToken(ReadOnlySpan<byte> s, ref int i, bool expectSlash, out string? token, out SipParseError error)
    {
        token = null;
        var j = i;
        if (expectSlash)
        {
            j = SipSyntax.SkipLws(s, j);
            if (j >= s.Length || s[j] != (byte)'/')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "expected '/' in sent-protocol");
                return false;
            }

            j = SipSyntax.SkipLws(s, j + 1);
        }

        var end = HeaderGrammar.ReadToken(s, j);
        if (end == j)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "expected a token in sent-protocol");
            return false;
        }

        token = KnownStrings.Get(s[j..end]);
        i = end;
        error = default;
        return true;
    }

    /// <summary>via-ttl, via-maddr, via-received, via-branch (RFC 3261 §25.1) and rport (RFC 3581 §4).</summary>
    private static SipParseErrorCode Validate(string name, string? value)
    {
        bool ok;
        if (Is(name, "branch")) ok = ParameterRules.IsToken(value);
        else if (Is(name, "ttl")) ok = ParameterRules.TryParseTtl(value, out _);
        else if (Is(name, "maddr")) ok = ParameterRules.IsHost(value);
        else if (Is(name, "received")) ok = ParameterRules.IsReceivedAddress(value);
        else if (Is(name, "rport")) ok = value is null || ParameterRules.TryParsePort(value, out _);
        else ok = true;
        return ok ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;
    }

    private static bool Is(string name, string known) => name.Equals(known, StringComparison.OrdinalIgnoreCase);
}
