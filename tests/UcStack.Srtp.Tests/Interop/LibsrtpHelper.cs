using System.Diagnostics;
using System.Globalization;

namespace UcStack.Srtp.Tests.Interop;

/// <summary>
/// Compiles Interop/srtp_helper.c against libsrtp 2 (gcc ... -lsrtp2) into a temporary directory and drives it
/// as a child process over stdin/stdout. Missing gcc or libsrtp fails the test with an explanation: CI installs
/// them (apt-get install -y gcc libsrtp2-dev).
/// </summary>
internal sealed class LibsrtpHelper : IDisposable
{
    private const string SourceName = "srtp_helper.c";
    private readonly string _directory;
    private readonly Process _process;

    private LibsrtpHelper(string directory, Process process)
    {
        _directory = directory;
        _process = process;
    }

    /// <summary>Builds the helper and starts it.</summary>
    public static LibsrtpHelper Start()
    {
        var source = FindSource();
        var directory = Directory.CreateTempSubdirectory("ucstack-srtp-interop-").FullName;
        var executable = Path.Combine(directory, "srtp_helper");
        var (exitCode, output) = Run("gcc", $"-O2 -o \"{executable}\" \"{source}\" -lsrtp2");
        if (exitCode != 0)
        {
            Directory.Delete(directory, recursive: true);
            Assert.Fail($"Could not build the libsrtp interop helper (gcc exit {exitCode}). Install gcc and libsrtp 2: apt-get install -y gcc libsrtp2-dev.\n{output}");
        }

        var process = Process.Start(new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("The libsrtp helper did not start.");
        return new LibsrtpHelper(directory, process);
    }

    /// <summary>Opens a libsrtp session for protecting or unprotecting with key material key || salt.</summary>
    public void Session(bool protect, SrtpSuite suite, byte[] keyMaterial, byte[] mki)
    {
        var reply = Command($"session {(protect ? "protect" : "unprotect")} {suite.Name} {Convert.ToHexStringLower(keyMaterial)} {(mki.Length == 0 ? "-" : Convert.ToHexStringLower(mki))} 128");
        Assert.That(reply, Is.EqualTo("OK"), $"libsrtp session for {suite.Name}");
    }

    /// <summary>Protects or unprotects one packet with the current session; null data and the libsrtp status on failure.</summary>
    public (byte[]? Data, string Reply) Packet(bool rtcp, byte[] packet)
    {
        var reply = Command($"{(rtcp ? "rtcp" : "rtp")} {Convert.ToHexStringLower(packet)}");
        return reply.StartsWith("OK ", StringComparison.Ordinal) ? (Convert.FromHexString(reply[3..]), reply) : (null, reply);
    }

    /// <summary>libsrtp's own time per RTP packet, in nanoseconds, measured by the helper in a C loop.</summary>
    public double BenchmarkNanoseconds(bool protect, SrtpSuite suite, int payloadLength, int count)
    {
        var reply = Command($"bench {(protect ? "protect" : "unprotect")} {suite.Name} {payloadLength} {count}");
        Assert.That(reply, Does.StartWith("NS "), "libsrtp benchmark");
        return double.Parse(reply[3..], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (IOException)
        {
            // The pipe closed with the process.
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string Command(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
        return _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The libsrtp helper exited.");
    }

    /// <summary>The C source sits next to this file; walk up from the test output directory to find it.</summary>
    private static string FindSource()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Interop", SourceName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(directory.FullName, "tests", "UcStack.Srtp.Tests", "Interop", SourceName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"Interop/{SourceName} not found above {TestContext.CurrentContext.TestDirectory}.");
        return string.Empty;
    }

    private static (int ExitCode, string Output) Run(string fileName, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{fileName} could not be started: {ex.Message}");
        }
    }
}
