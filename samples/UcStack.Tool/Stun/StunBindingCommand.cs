using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Tool;

/// <summary>
/// <c>ucstack stun binding HOST[:PORT] [--tcp] [--username U --password P]</c>: sends a Binding request
/// (RFC 8489) and prints <c>mapped: ADDR:PORT</c>. Exit 0 with an answer, 1 on timeout, error response or
/// network failure, 2 on usage errors.
/// </summary>
internal static class StunBindingCommand
{
    private const int ExitOk = 0;
    private const int ExitFailed = 1;
    private const int ExitUsage = 2;
    private const int DefaultPort = 3478;

    public static Command Create()
    {
        var server = new Argument<string>("HOST:PORT") { Description = "The STUN server: host name, IPv4 address or [IPv6] address, port 3478 when omitted." };
        var tcp = new Option<bool>("--tcp") { Description = "Use TCP (one request, 39.5 s timeout) instead of UDP (7 requests, 39.5 s)." };
        var username = new Option<string>("--username") { Description = "Short-term credential USERNAME (RFC 8489 §9.1); needs --password." };
        var password = new Option<string>("--password") { Description = "Short-term credential password; the response must then carry a matching MESSAGE-INTEGRITY." };
        var noFingerprint = new Option<bool>("--no-fingerprint") { Description = "Do not add FINGERPRINT to the request." };

        var binding = new Command("binding", "Ask a STUN server for this host's mapped (server-reflexive) address.")
        {
            server, tcp, username, password, noFingerprint,
        };
        binding.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TrySplitHostPort(parse.GetValue(server)!, out var host, out var port, out var problem))
            {
                await error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitUsage;
            }

            var usernameValue = parse.GetValue(username);
            var passwordValue = parse.GetValue(password);
            if (usernameValue is not null && passwordValue is null)
            {
                await error.WriteLineAsync("--username needs --password.").ConfigureAwait(false);
                return ExitUsage;
            }

            StunIntegrityKey? key;
            try
            {
                key = passwordValue is null ? null : StunIntegrityKey.ForShortTerm(passwordValue);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"Password rejected: {e.Message}").ConfigureAwait(false);
                return ExitUsage;
            }
            catch (PlatformNotSupportedException e)
            {
                await error.WriteLineAsync($"Password cannot be prepared here: {e.Message}").ConfigureAwait(false);
                return ExitFailed;
            }

            using (key)
            {
                try
                {
                    var address = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
                    var options = new StunBindingRequestOptions
                    {
                        UseTcp = parse.GetValue(tcp),
                        Username = usernameValue,
                        Key = key,
                        AddFingerprint = !parse.GetValue(noFingerprint),
                        Software = "ucstack",
                    };
                    var mapped = await new StunBindingClient().GetMappedAddressAsync(new IPEndPoint(address, port), options, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"mapped: {mapped}")).ConfigureAwait(false);
                    return ExitOk;
                }
                catch (StunTransactionException e)
                {
                    var what = e.Failure switch
                    {
                        StunTransactionFailure.Timeout => "timeout",
                        StunTransactionFailure.ErrorResponse => "error response",
                        StunTransactionFailure.TransportError => "transport error",
                        _ => "unusable response",
                    };
                    await error.WriteLineAsync($"{what}: {e.Message}").ConfigureAwait(false);
                    return ExitFailed;
                }
                catch (SocketException e)
                {
                    await error.WriteLineAsync($"network error: {e.Message}").ConfigureAwait(false);
                    return ExitFailed;
                }
            }
        });
        return binding;
    }

    /// <summary>Splits <c>host</c>, <c>host:port</c>, <c>[v6]</c>, <c>[v6]:port</c>; a bare IPv6 address keeps the default port.</summary>
    internal static bool TrySplitHostPort(string text, out string host, out int port, out string problem)
    {
        host = text;
        port = DefaultPort;
        problem = string.Empty;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                problem = $"'{text}' is not HOST:PORT ([IPv6]:PORT needs the closing bracket).";
                return false;
            }

            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            problem = $"'{text}' has no host.";
            return false;
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"'{portText}' is not a port (1-65535).";
            return false;
        }

        return true;
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
