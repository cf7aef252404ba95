using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using UcStack.Client.Cli;
using UcStack.Sip.Transport;
using UcStack.Tls;

namespace UcStack.Client.Demo;

/// <summary>
/// The three-process demo: the sample server and two interactive clients (alice and bob) as child processes on
/// 127.0.0.1, driven through the clients' line commands. Every step prints what it does and what the clients
/// answered; a step the server cannot do yet is reported as "not available in this server", never as passed. The
/// summary lists every step; the exit code is 0 only when all passed. Children are killed at the end, whatever
/// happened (a failure, an exception, Ctrl+C).
/// </summary>
internal sealed partial class DemoRunner(TextWriter output, TimeSpan stepTimeout, string? serverDll, SipTransportProtocol transport)
{
    private readonly TextWriter _out = TextWriter.Synchronized(output);
    private readonly List<StepResult> _results = [];
    private string _temp = string.Empty;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _temp = Directory.CreateTempSubdirectory("ucstack-demo-").FullName;
        var children = new List<ChildProcess>();
        try
        {
            await RunStepsAsync(children, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _out.WriteLine("demo cancelled");
            Record("cancelled", StepOutcome.Failed, "cancelled by the user");
        }
        finally
        {
            foreach (var child in children)
            {
                if (child.Name != "server") await child.QuitAsync("quit", TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }

            // Kill in reverse start order: the clients before the server they talk to.
            for (var i = children.Count - 1; i >= 0; i--) await children[i].DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(_temp, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temporary directory is harmless
            }
        }

        return PrintSummary();
    }

    private int PrintSummary()
    {
        _out.WriteLine();
        _out.WriteLine("summary:");
        foreach (var result in _results)
        {
            var mark = result.Outcome switch
            {
                StepOutcome.Passed => "PASS",
                StepOutcome.Unavailable => "N/A ",
                StepOutcome.Skipped => "SKIP",
                _ => "FAIL",
            };
            _out.WriteLine($"  {mark} [{result.Number}] {result.Name}{(result.Detail is { Length: > 0 } d ? " - " + d : string.Empty)}");
        }

        var failed = _results.FirstOrDefault(r => r.Outcome != StepOutcome.Passed);
        if (failed is null)
        {
            _out.WriteLine($"demo passed: all {_results.Count} steps succeeded");
            return ClientApp.ExitOk;
        }

        var count = _results.Count(r => r.Outcome != StepOutcome.Passed);
        _out.WriteLine($"demo FAILED: {count} of {_results.Count} steps did not pass; first: step {failed.Number} ({failed.Name}): {failed.Detail}");
        return ClientApp.ExitFailed;
    }

    /// <summary>The server's dll: the option, or the repository's build output of samples/UcStack.Server in the
    /// same configuration as this program.</summary>
    private string FindServer()
    {
        if (serverDll is not null) return File.Exists(serverDll) ? Path.GetFullPath(serverDll) : throw new FileNotFoundException("--server-dll: no such file", serverDll);
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var targetFramework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory)) ?? "Debug";
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", "UcStack.Server", "bin", configuration, targetFramework, "ucstack-server.dll");
            if (File.Exists(candidate)) return candidate;
        }

        var beside = Path.Combine(baseDirectory, "ucstack-server.dll");
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException("cannot find ucstack-server.dll: build samples/UcStack.Server (dotnet build samples/UcStack.Client builds both) or pass --server-dll");
    }

    /// <summary>A fresh self-signed certificate for the server; the clients trust exactly this one.</summary>
    /// <returns>The PKCS#12 file for the server; the public certificate is written next to it as server.cer.</returns>
    private string MakeCertificate()
    {
        using var certificate = TlsCertificates.CreateDevelopmentCertificate(["example.org", "localhost"]);
        var pfx = Path.Combine(_temp, "server.pfx");
        var cer = Path.Combine(_temp, "server.cer");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12));
        File.WriteAllBytes(cer, certificate.Export(X509ContentType.Cert));
        return pfx;
    }

    /// <summary>Reads "SIP for example.org on Tls 127.0.0.1:40123" from the server's log.</summary>
    [GeneratedRegex(@"SIP for \S+ on (?<protocol>\w+) (?<endpoint>\S+)")]
    private static partial Regex ListeningLine();

    private static bool TryReadListening(string line, out string protocol, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        var match = ListeningLine().Match(line);
        protocol = match.Groups["protocol"].Value;
        return match.Success && IPEndPoint.TryParse(match.Groups["endpoint"].Value, out endPoint);
    }

    private void Record(string name, StepOutcome outcome, string? detail) => _results.Add(new StepResult(_results.Count + 1, name, outcome, detail));

    private enum StepOutcome
    {
        Passed,
        Failed,
        Unavailable,
        Skipped,
    }

    private sealed record StepResult(int Number, string Name, StepOutcome Outcome, string? Detail);
}
