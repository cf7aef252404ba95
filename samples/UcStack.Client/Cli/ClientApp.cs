using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using UcStack.Client.Demo;
using UcStack.Sip.Transport;

namespace UcStack.Client.Cli;

/// <summary>The command tree. Exit codes: 0 success, 1 a step failed, 2 usage error.</summary>
internal static partial class ClientApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    private static readonly Option<string> ServerOption = new("--server")
    {
        Description = "The server's SIP address, host:port (IP literal); the port defaults to 5061 for TLS, else 5060.",
        DefaultValueFactory = _ => "127.0.0.1",
        Recursive = true,
    };

    private static readonly Option<string> UserOption = new("--user") { Description = "The user name.", DefaultValueFactory = _ => "alice", Recursive = true };

    private static readonly Option<string?> PasswordOption = new("--password") { Description = "The password (default: <user>pass, the demo users').", Recursive = true };

    private static readonly Option<string> DomainOption = new("--domain") { Description = "The SIP domain.", DefaultValueFactory = _ => "example.org", Recursive = true };

    private static readonly Option<string> TransportOption = new("--transport")
    {
        Description = "tls, tcp or udp.",
        DefaultValueFactory = _ => "tls",
        Recursive = true,
    };

    private static readonly Option<string?> TrustOption = new("--trust-cert")
    {
        Description = "The server certificate to trust (PKCS#12 or PEM); default: the sample server's development certificate on this machine.",
        Recursive = true,
    };

    private static readonly Option<bool> VerboseOption = new("--verbose") { Description = "Log protocol details to stderr.", Recursive = true };

    public static RootCommand CreateRoot(TextReader input)
    {
        var root = new RootCommand("ucstack-client: register, presence, IM, SRTP calls, conferences and slides against the UcStack sample server")
        {
            ServerOption, UserOption, PasswordOption, DomainOption, TransportOption, TrustOption, VerboseOption,
        };
        root.Subcommands.Add(OneShot("register", "Register, print the granted lifetime, unregister.", ["register", "unregister"]));
        root.Subcommands.Add(CreatePresence());
        root.Subcommands.Add(CreateIm());
        root.Subcommands.Add(CreateCall());
        root.Subcommands.Add(CreateAnswer());
        root.Subcommands.Add(CreateConference());
        root.Subcommands.Add(CreateSlide());
        var interactive = new Command("interactive", "Line commands on standard input (type help); events print as they happen.");
        interactive.SetAction((parse, ct) => RunShellAsync(parse, [], input, ct));
        root.Subcommands.Add(interactive);
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter stdout, TextWriter stderr)
    {
        var parse = CreateRoot(input).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync(error.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
    }

    /// <summary>The settings from the global options.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    public static ClientSettings ReadSettings(ParseResult parse)
    {
        var transport = parse.GetValue(TransportOption)?.ToLowerInvariant() switch
        {
            "tls" => SipTransportProtocol.Tls,
            "tcp" => SipTransportProtocol.Tcp,
            "udp" => SipTransportProtocol.Udp,
            var other => throw new ArgumentException($"--transport: '{other}' is not tls, tcp or udp"),
        };
        var serverText = parse.GetValue(ServerOption) ?? "127.0.0.1";
        var defaultPort = transport == SipTransportProtocol.Tls ? 5061 : 5060;
        var server = IPEndPoint.TryParse(serverText, out var endPoint)
            ? (endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, defaultPort) : endPoint)
            : throw new ArgumentException($"--server: '{serverText}' is not an IP address with an optional port");
        var user = parse.GetValue(UserOption) ?? "alice";
        return new ClientSettings
        {
            User = user,
            Password = parse.GetValue(PasswordOption) ?? user + "pass",
            Domain = parse.GetValue(DomainOption) ?? "example.org",
            Server = server,
            Transport = transport,
            TrustedCertificate = parse.GetValue(TrustOption),
        };
    }

    /// <summary>Starts a client from the global options, runs <paramref name="lines"/> as shell commands, then (when
    /// <paramref name="input"/> is given) reads more from it; exit 1 when any command printed an error.</summary>
    private static async Task<int> RunShellAsync(ParseResult parse, IReadOnlyList<string> lines, TextReader? input, CancellationToken cancellationToken, Func<UcClient, CancellationToken, Task>? wait = null)
    {
        var output = parse.InvocationConfiguration.Output;
        var failures = new FailureCountingWriter(output);
        ClientSettings settings;
        try
        {
            settings = ReadSettings(parse);
        }
        catch (ArgumentException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitUsage;
        }

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(parse.GetValue(VerboseOption) ? LogLevel.Debug : LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace) // stdout carries the line protocol
            .AddSimpleConsole(o => o.SingleLine = true));
        UcClient client;
        try
        {
            client = UcClient.Start(settings, loggerFactory);
        }
        catch (Exception e) when (ClientShell.IsReportable(e))
        {
            await output.WriteLineAsync($"error start: {ClientShell.Describe(e)}").ConfigureAwait(false);
            return ExitFailed;
        }

        await using (client.ConfigureAwait(false))
        {
            var shell = new ClientShell(client, failures);
            foreach (var line in lines)
            {
                if (!await shell.ExecuteAsync(line, cancellationToken).ConfigureAwait(false)) break;
                if (failures.Errors > 0) return ExitFailed;
            }

            if (wait is not null)
            {
                try
                {
                    await wait(client, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or the duration ran out: the normal end of a listening command.
                }
            }

            if (input is not null) await shell.RunAsync(input, cancellationToken).ConfigureAwait(false);
        }

        return failures.Errors == 0 ? ExitOk : ExitFailed;
    }

    /// <summary>Counts the <c>error ...</c> lines the shell prints, to set the exit code of one-shot commands.</summary>
    private sealed class FailureCountingWriter(TextWriter inner) : TextWriter
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void WriteLine(string? value)
        {
            if (value is not null && value.StartsWith("error ", StringComparison.Ordinal)) Interlocked.Increment(ref _errors);
            inner.WriteLine(value);
            inner.Flush();
        }

        public override void Write(char value) => inner.Write(value);
    }
}
