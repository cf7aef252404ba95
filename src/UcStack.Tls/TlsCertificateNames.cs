using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>Reads the DNS identities a certificate presents.</summary>
internal static class TlsCertificateNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    // A certificate arrives over the network: bound the work spent on its names.
    internal const int MaxNames = 256;

    /// <summary>
    /// The DNS names of <paramref name="certificate"/>: its subjectAltName dNSName entries, or, when
    /// it has none, the common names of its subject.
    /// </summary>
    /// <remarks>
    /// RFC 6125 §6.4.4: a client MUST NOT seek a match for a CN-ID if the presented identifiers include
    /// a DNS-ID; the CN is consulted only for certificates without one. A malformed extension yields no names.
    /// </remarks>
    internal static List<string> GetDnsNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                foreach (var dnsName in san.EnumerateDnsNames())
                {
                    if (names.Count == MaxNames)
                    {
                        break;
                    }

                    names.Add(dnsName);
                }
            }
            catch (Exception ex) when (ex is CryptographicException or AsnContentException)
            {
                return [];
            }
        }

        if (names.Count > 0)
        {
            return names;
        }

        try
        {
            foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                if (rdn.HasMultipleElements || rdn.GetSingleElementType().Value != CommonNameOid)
                {
                    continue;
                }

                var value = rdn.GetSingleElementValue();
                if (!string.IsNullOrEmpty(value) && names.Count < MaxNames)
                {
                    names.Add(value);
                }
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            return [];
        }

        return names;
    }
}
