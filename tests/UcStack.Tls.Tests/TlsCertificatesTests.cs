using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsCertificatesTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("ucstack-tls-").FullName;
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void CreateDevelopmentCertificate_HasNamesLoopbackUsagesAndShortValidity()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var certificate = TlsCertificates.CreateDevelopmentCertificate(["sip.dev.example", "*.dev.example"], timeProvider: time);

        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(certificate.HasPrivateKey, Is.True);
            Assert.That(certificate.GetECDsaPublicKey()?.KeySize, Is.EqualTo(256));
            Assert.That(san.EnumerateDnsNames(), Is.EqualTo(new[] { "sip.dev.example", "*.dev.example" }));
            Assert.That(san.EnumerateIPAddresses(), Is.EquivalentTo(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));
            Assert.That(eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value), Is.EquivalentTo(new[] { "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2" }));
            Assert.That(certificate.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("sip.dev.example"));
            Assert.That(certificate.NotAfter.ToUniversalTime(), Is.EqualTo(new DateTime(2026, 3, 31, 12, 0, 0, DateTimeKind.Utc)));
            Assert.That(certificate.NotBefore.ToUniversalTime(), Is.LessThan(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc)));
        });
    }

    [Test]
    public void CreateDevelopmentCertificate_Rsa_Has2048BitKey()
    {
        using var certificate = TlsCertificates.CreateDevelopmentCertificate(["localhost"], TlsDevelopmentKeyAlgorithm.Rsa2048);
        Assert.That(certificate.GetRSAPublicKey()?.KeySize, Is.EqualTo(2048));
        Assert.That(certificate.HasPrivateKey, Is.True);
    }

    [Test]
    public void CreateDevelopmentCertificate_BadArguments_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TlsCertificates.CreateDevelopmentCertificate([]), Throws.ArgumentException);
            Assert.That(() => TlsCertificates.CreateDevelopmentCertificate(["bad name"]), Throws.ArgumentException);
            Assert.That(() => TlsCertificates.CreateDevelopmentCertificate(["localhost"], validity: TimeSpan.FromDays(3650)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => TlsCertificates.CreateDevelopmentCertificate(["localhost"], validity: TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCase(TlsDevelopmentKeyAlgorithm.EcdsaP256)]
    [TestCase(TlsDevelopmentKeyAlgorithm.Rsa2048)]
    public async Task CreateDevelopmentCertificate_ServesTlsOnLoopbackByIp(TlsDevelopmentKeyAlgorithm algorithm)
    {
        using var certificate = TlsCertificates.CreateDevelopmentCertificate(["localhost"], algorithm);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "127.0.0.1", TrustedRoots = [certificate] },
            new TlsServerOptions { ServerCertificate = certificate });

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.That(clientConnection.TargetHost, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public void GetOrCreateDevelopmentCertificate_SecondCall_ReusesTheStoredCertificate()
    {
        var path = Path.Combine(_directory, "nested", "dev.pfx");
        using var first = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"]);
        using var second = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["LOCALHOST"]);

        Assert.That(second.Thumbprint, Is.EqualTo(first.Thumbprint));
        Assert.That(second.HasPrivateKey, Is.True);
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void GetOrCreateDevelopmentCertificate_NewName_ReplacesTheStoredCertificate()
    {
        var path = Path.Combine(_directory, "dev.pfx");
        using var first = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"]);
        using var second = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost", "sip.dev.example"]);

        Assert.That(second.Thumbprint, Is.Not.EqualTo(first.Thumbprint));
        using var third = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["sip.dev.example"]);
        Assert.That(third.Thumbprint, Is.EqualTo(second.Thumbprint));
    }

    [Test]
    public void GetOrCreateDevelopmentCertificate_NearExpiry_IsRenewed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var path = Path.Combine(_directory, "dev.pfx");
        using var first = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"], timeProvider: time);

        time.Advance(TimeSpan.FromDays(28));
        using var stillValid = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"], timeProvider: time);
        time.Advance(TimeSpan.FromDays(1.5));
        using var renewed = TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"], timeProvider: time);

        Assert.That(stillValid.Thumbprint, Is.EqualTo(first.Thumbprint));
        Assert.That(renewed.Thumbprint, Is.Not.EqualTo(first.Thumbprint));
    }

    [Test]
    public void GetOrCreateDevelopmentCertificate_WrongPassword_ThrowsAndLeavesFileAlone()
    {
        var path = Path.Combine(_directory, "dev.pfx");
        using (TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"], password: "right"))
        {
        }

        var before = File.ReadAllBytes(path);
        Assert.That(
            () => TlsCertificates.GetOrCreateDevelopmentCertificate(path, ["localhost"], password: "wrong"),
            Throws.InstanceOf<TlsCertificateException>());
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
    }

    [TestCase(TlsDevelopmentKeyAlgorithm.EcdsaP256)]
    [TestCase(TlsDevelopmentKeyAlgorithm.Rsa2048)]
    public void LoadPem_ExportedCertificateAndKey_RoundTrips(TlsDevelopmentKeyAlgorithm algorithm)
    {
        using var original = TlsCertificates.CreateDevelopmentCertificate(["localhost"], algorithm);
        var certificatePath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(certificatePath, original.ExportCertificatePem());
        File.WriteAllText(keyPath, ExportKeyPem(original));

        using var loaded = TlsCertificates.LoadPem(certificatePath, keyPath);
        Assert.That(loaded.Thumbprint, Is.EqualTo(original.Thumbprint));
        Assert.That(loaded.HasPrivateKey, Is.True);
        AssertSameKeyPair(original, loaded);
    }

    [Test]
    public void LoadPem_EncryptedKey_RoundTripsWithPassword()
    {
        using var original = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
        var combinedPath = Path.Combine(_directory, "combined.pem");
        var parameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        var encryptedKey = original.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("secret", parameters);
        File.WriteAllText(combinedPath, original.ExportCertificatePem() + "\n" + encryptedKey);

        using var loaded = TlsCertificates.LoadPem(combinedPath, combinedPath, "secret");
        AssertSameKeyPair(original, loaded);
        Assert.That(() => TlsCertificates.LoadPem(combinedPath, combinedPath, "wrong"), Throws.InstanceOf<TlsCertificateException>());
    }

    [Test]
    public void LoadPem_KeyOfAnotherCertificate_ThrowsTlsCertificateException()
    {
        using var one = TlsCertificates.CreateDevelopmentCertificate(["one.example"]);
        using var two = TlsCertificates.CreateDevelopmentCertificate(["two.example"]);
        var certificatePath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        File.WriteAllText(certificatePath, one.ExportCertificatePem());
        File.WriteAllText(keyPath, ExportKeyPem(two));

        Assert.That(() => TlsCertificates.LoadPem(certificatePath, keyPath), Throws.InstanceOf<TlsCertificateException>());
    }

    [Test]
    public void LoadPem_MissingFile_ThrowsTlsCertificateExceptionNamingIt()
    {
        var missing = Path.Combine(_directory, "missing.pem");
        Assert.That(
            () => TlsCertificates.LoadPem(missing, missing),
            Throws.InstanceOf<TlsCertificateException>().With.Message.Contains(missing));
    }

    [Test]
    public void LoadPemCollection_Chain_ReturnsEveryCertificateInOrder()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue("leaf.example", ["leaf.example"]);
        var path = Path.Combine(_directory, "chain.pem");
        File.WriteAllText(path, leaf.ExportCertificatePem() + "\n" + pki.Root.ExportCertificatePem());

        var collection = TlsCertificates.LoadPemCollection(path);
        Assert.That(collection.Select(c => c.Thumbprint), Is.EqualTo(new[] { leaf.Thumbprint, pki.Root.Thumbprint }));

        File.WriteAllText(path, "no certificates here");
        Assert.That(() => TlsCertificates.LoadPemCollection(path), Throws.InstanceOf<TlsCertificateException>());
    }

    [Test]
    public void LoadPfx_WithPassword_RoundTrips()
    {
        using var original = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
        var path = Path.Combine(_directory, "cert.pfx");
        File.WriteAllBytes(path, original.Export(X509ContentType.Pkcs12, "pfx-password"));

        using var loaded = TlsCertificates.LoadPfx(path, "pfx-password");
        Assert.That(loaded.Thumbprint, Is.EqualTo(original.Thumbprint));
        AssertSameKeyPair(original, loaded);
        Assert.That(() => TlsCertificates.LoadPfx(path, "wrong"), Throws.InstanceOf<TlsCertificateException>());
    }

    [Test]
    public void LoadPfx_WithoutPrivateKey_ThrowsTlsCertificateException()
    {
        using var original = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
        using var publicOnly = X509CertificateLoader.LoadCertificate(original.RawData);
        var path = Path.Combine(_directory, "public.pfx");
        File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12));

        Assert.That(() => TlsCertificates.LoadPfx(path), Throws.InstanceOf<TlsCertificateException>().With.Message.Contains("private key"));
    }

    [Test]
    public void LoadFromStore_ByThumbprintAndSubject_FindsTheCertificateWithItsKey()
    {
        var subject = $"store-test-{Guid.NewGuid():N}.example";
        using var certificate = TlsCertificates.CreateDevelopmentCertificate([subject]);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            using var byThumbprint = TlsCertificates.LoadFromStoreByThumbprint(certificate.Thumbprint.ToLowerInvariant());
            using var bySubject = TlsCertificates.LoadFromStoreBySubject(subject);
            Assert.Multiple(() =>
            {
                Assert.That(byThumbprint.Thumbprint, Is.EqualTo(certificate.Thumbprint));
                Assert.That(byThumbprint.HasPrivateKey, Is.True);
                Assert.That(bySubject.Thumbprint, Is.EqualTo(certificate.Thumbprint));
            });
        }
        finally
        {
            store.Remove(certificate);
        }

        Assert.That(() => TlsCertificates.LoadFromStoreBySubject(subject), Throws.InstanceOf<TlsCertificateException>());
        Assert.That(() => TlsCertificates.LoadFromStoreByThumbprint("not-hex"), Throws.ArgumentException);
    }

    private static string ExportKeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey()?.ExportPkcs8PrivateKeyPem()
        ?? certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();

    private static void AssertSameKeyPair(X509Certificate2 original, X509Certificate2 loaded)
    {
        var data = "proof of possession"u8.ToArray();
        if (original.GetECDsaPrivateKey() is { } ecdsa)
        {
            var signature = ecdsa.SignData(data, HashAlgorithmName.SHA256);
            Assert.That(loaded.GetECDsaPublicKey()!.VerifyData(data, signature, HashAlgorithmName.SHA256), Is.True);
            var loadedSignature = loaded.GetECDsaPrivateKey()!.SignData(data, HashAlgorithmName.SHA256);
            Assert.That(original.GetECDsaPublicKey()!.VerifyData(data, loadedSignature, HashAlgorithmName.SHA256), Is.True);
            return;
        }

        var rsaSignature = loaded.GetRSAPrivateKey()!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.That(original.GetRSAPublicKey()!.VerifyData(data, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Is.True);
    }
}
