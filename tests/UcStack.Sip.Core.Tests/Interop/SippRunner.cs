using System.Diagnostics;
using System.Globalization;

namespace UcStack.Sip.Tests.Interop;

/// <summary>What a finished sipp run reported.</summary>
/// <param name="ExitCode">sipp's exit code (0: every call succeeded, 1: at least one failed, 99: no call processed).</param>
/// <param name="Successful">SuccessfulCall(C) of the last statistics line.</param>
/// <param name="Failed">FailedCall(C) of the last statistics line.</param>
/// <param name="Retransmissions">Retransmissions(C): messages sipp sent again.</param>
/// <param name="Details">The non-zero failure counters, sipp's error log and its output, for assertion messages.</param>
internal sealed record SippResult(int ExitCode, long Successful, long Failed, long Retransmissions, string Details);

/// <summary>
/// Runs the sipp binary (Debian package <c>sip-tester</c>) in the foreground in a scratch directory, bounded by a
/// timeout, killed in <c>finally</c> when still running, and reads its <c>-trace_stat</c> file.
/// </summary>
internal sealed class SippRunner : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ucstack-sipp-").FullName;

    /// <summary>The sipp binary on PATH, or <see langword="null"/>.</summary>
    internal static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, "sipp");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>The sipp binary; fails the test with a clear message when it is not installed.</summary>
    internal static string Require() =>
        Find() ?? throw new AssertionException("sipp is not installed: the SIP interop tests need it (apt-get install -y sip-tester; .ci/run installs it).");

    /// <summary>Starts sipp with <paramref name="arguments"/> plus statistics and error tracing options.</summary>
    internal Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Require())
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var argument in (string[])["-nostdin", "-trace_stat", "-stf", StatFile, "-fd", "1", "-trace_err", "-error_file", ErrorFile])
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("sipp did not start.");
    }

    /// <summary>Writes a scenario file into the scratch directory and returns its path (for <c>-sf</c>).</summary>
    internal string WriteScenario(string name, string xml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, xml);
        return path;
    }

    private string StatFile => Path.Combine(_directory, "stat.csv");

    private string ErrorFile => Path.Combine(_directory, "errors.log");

    /// <summary>Waits for sipp to exit (killing it after <paramref name="timeout"/>) and reads its statistics.</summary>
    internal async Task<SippResult> WaitAsync(Process sipp, TimeSpan timeout)
    {
        var stdout = sipp.StandardOutput.ReadToEndAsync();
        var stderr = sipp.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await sipp.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(sipp);
            Assert.Fail($"sipp did not finish within {timeout}: {await stdout}{await stderr}");
        }

        var output = string.Concat(await stdout, await stderr);
        return Read(sipp.ExitCode, output);
    }

    /// <summary>Kills sipp if it is still running (for <c>finally</c> blocks).</summary>
    internal static void Kill(Process sipp)
    {
        try
        {
            if (!sipp.HasExited) sipp.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private SippResult Read(int exitCode, string output)
    {
        var errors = File.Exists(ErrorFile) ? File.ReadAllText(ErrorFile) : string.Empty;
        if (errors.Length > 4000) errors = errors[..4000];
        if (output.Length > 4000) output = output[^4000..];
        if (!File.Exists(StatFile)) return new SippResult(exitCode, 0, 0, 0, $"no statistics file; output: {output}; errors: {errors}");
        var lines = File.ReadAllLines(StatFile).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2) return new SippResult(exitCode, 0, 0, 0, $"empty statistics file; output: {output}; errors: {errors}");
        var names = lines[0].Split(';');
        var values = lines[^1].Split(';');
        long Value(string name)
        {
            var index = Array.IndexOf(names, name);
            return index >= 0 && index < values.Length && long.TryParse(values[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
        }

        var failures = names
            .Select((name, i) => (name, value: i < values.Length ? values[i] : ""))
            .Where(p => p.name.StartsWith("Failed", StringComparison.Ordinal) && p.name.EndsWith("(C)", StringComparison.Ordinal) && p.value != "0")
            .Select(p => $"{p.name}={p.value}");
        var details = $"exit {exitCode}; {string.Join(", ", failures)}; errors: {errors}; output: {output}";
        return new SippResult(exitCode, Value("SuccessfulCall(C)"), Value("FailedCall(C)"), Value("Retransmissions(C)"), details);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a killed sipp: the temp directory is cleaned by the system
        }
    }
}
