using System.CommandLine;
using System.Buffers;
using System.Globalization;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Tool.Sip;

/// <summary>
/// <c>ucstack sip register URI --user U --password P [--expires S] [--transport udp|tcp|tls] [--insecure]</c>: registers
/// U's address of record at the registrar URI with digest authentication (RFC 3261 §10, §22) and prints
/// <c>registered: CONTACT expires N</c>. The binding is removed again (REGISTER with Expires: 0) before the tool exits.
/// Exit 0 on success, 1 on failure, 2 on usage errors.
/// </summary>
internal static class SipRegisterCommand
{
    // Characters that would turn the user name into something other than the user part of a SIP URI.
    private static readonly SearchValues<char> NotInUserName = SearchValues.Create("@:;<> \t");

    public static Command Create()
    {
        var uri = new Argument<string>("URI") { Description = "The registrar, e.g. sip:127.0.0.1:5060 (numeric host)." };
        var user = new Option<string>("--user") { Description = "The user name (also the user part of the address of record).", Required = true };
        var password = new Option<string>("--password") { Description = "The digest password.", Required = true };
        var expires = new Option<int>("--expires") { Description = "Binding lifetime asked for, in seconds.", DefaultValueFactory = _ => 3600 };
        var transport = new Option<string>("--transport") { Description = "udp, tcp or tls.", DefaultValueFactory = _ => "udp" };
        var insecure = new Option<bool>("--insecure") { Description = "TLS: accept any server certificate (development only)." };
        var command = new Command("register", "REGISTER with digest authentication; prints the contact and granted expiry; exit 0 on success")
        {
            uri, user, password, expires, transport, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!SipToolNetwork.TryParseTransport(parse.GetValue(transport), out var protocol))
            {
                await error.WriteLineAsync("--transport takes udp, tcp or tls.").ConfigureAwait(false);
                return ToolApp.ExitUsage;
            }

            return await RunAsync(
                parse.GetValue(uri)!, parse.GetValue(user)!, parse.GetValue(password)!, parse.GetValue(expires), protocol, parse.GetValue(insecure),
                parse.InvocationConfiguration.Output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Registers once, reports, and unregisters.</summary>
    internal static async Task<int> RunAsync(
        string uri, string user, string password, int expires, SipTransportProtocol protocol, bool insecure, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (expires <= 0 || user.Length == 0 || user.AsSpan().IndexOfAny(NotInUserName) >= 0)
        {
            await error.WriteLineAsync("--expires must be positive and --user a plain user name.").ConfigureAwait(false);
            return ToolApp.ExitUsage;
        }

        var (session, problem) = SipClientSession.Start(uri, protocol, insecure, user);
        if (session is null)
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            return ToolApp.ExitUsage;
        }

        await using (session.ConfigureAwait(false))
        {
            var registrarHost = SipUri.Parse(session.RequestUri).Host;
            var registration = new SipRegistration(session.Endpoint, new SipRegistrationOptions
            {
                RegistrarUri = session.RequestUri,
                AddressOfRecord = (protocol == SipTransportProtocol.Tls ? "sips:" : "sip:") + user + "@" + registrarHost,
                Username = user,
                Password = password,
                Expires = TimeSpan.FromSeconds(expires),
            });
            await using (registration.ConfigureAwait(false))
            {
                try
                {
                    var granted = await registration.RegisterAsync(cancellationToken).ConfigureAwait(false);
                    var contact = ContactOf(session, user, protocol);
                    await output.WriteLineAsync($"registered: {contact} expires {((long)granted.TotalSeconds).ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                    return ToolApp.ExitOk;
                }
                catch (SipRegistrationException e)
                {
                    await error.WriteLineAsync($"registration refused: {e.StatusCode} {e.Message}").ConfigureAwait(false);
                    return ToolApp.ExitFailed;
                }
                catch (Exception e) when (e is SipRequestTimeoutException or SipTransportException or OperationCanceledException)
                {
                    await error.WriteLineAsync($"registration failed: {e.Message}").ConfigureAwait(false);
                    return ToolApp.ExitFailed;
                }
            }
        }
    }

    /// <summary>The Contact the endpoint registers: its listen point, as RFC 3261 §10.2.1 binds it.</summary>
    private static string ContactOf(SipClientSession session, string user, SipTransportProtocol protocol)
    {
        var point = session.Endpoint.ListenPoints[0].EndPoint;
        var host = point.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + point.Address + "]" : point.Address.ToString();
        var scheme = protocol == SipTransportProtocol.Tls ? "sips:" : "sip:";
        var transport = protocol == SipTransportProtocol.Tcp ? ";transport=tcp" : string.Empty;
        return string.Concat(scheme, user, "@", host, ":", point.Port.ToString(CultureInfo.InvariantCulture), transport);
    }
}
