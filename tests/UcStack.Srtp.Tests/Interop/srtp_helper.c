/*
 * UcStack interop helper: drives libsrtp 2 from line commands on stdin, for the UcStack.Srtp tests.
 * Build: gcc -O2 -o srtp_helper srtp_helper.c -lsrtp2
 *
 * Commands (one per line, hex without separators):
 *   session <protect|unprotect> <SUITE_NAME> <key||salt hex> <mki hex or -> [<replay window>]
 *       -> "OK" or "ERR <libsrtp status>"; replaces any earlier session.
 *   rtp <hex>   -> protect or unprotect one RTP packet:  "OK <hex>" or "ERR <libsrtp status>"
 *   rtcp <hex>  -> the same for RTCP
 *   bench <protect|unprotect> <SUITE_NAME> <payload octets> <count>
 *       -> "NS <nanoseconds per packet>" for libsrtp alone on 12-byte-header RTP packets
 *          (unprotect is timed over packets protected beforehand, outside the timed loop).
 *   quit
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PACKET 8192
#define MAX_LINE (4 * MAX_PACKET)

static srtp_t session;
static int session_open;
static int session_protects;
static int session_uses_mki;

static int set_suite(const char *name, srtp_policy_t *policy)
{
    if (strcmp(name, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(name, "AES_CM_128_HMAC_SHA1_32") == 0) {
        /* RFC 4568 6.2.2: the _32 suites keep the 80-bit tag on SRTCP. */
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(name, "AES_256_CM_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(name, "AES_256_CM_HMAC_SHA1_32") == 0) {
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(name, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtcp);
    } else if (strcmp(name, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtcp);
    } else if (strcmp(name, "NULL_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy->rtp);
        srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy->rtcp);
    } else {
        return 0;
    }
    return 1;
}

static int from_hex(const char *text, unsigned char *out, int capacity)
{
    size_t length = strlen(text);
    if (length % 2 != 0 || (int)(length / 2) > capacity) {
        return -1;
    }
    for (size_t i = 0; i < length / 2; i++) {
        unsigned int value;
        if (sscanf(text + (2 * i), "%2x", &value) != 1) {
            return -1;
        }
        out[i] = (unsigned char)value;
    }
    return (int)(length / 2);
}

static void print_hex(const unsigned char *data, int length)
{
    for (int i = 0; i < length; i++) {
        printf("%02x", data[i]);
    }
}

/* Opens a libsrtp session; the key and MKI buffers must outlive srtp_create (libsrtp copies them). */
static srtp_err_status_t open_session(srtp_t *out, int protect, const char *suite, unsigned char *key,
                                      unsigned char *mki, int mki_length, unsigned long window)
{
    srtp_policy_t policy;
    srtp_master_key_t master_key;
    srtp_master_key_t *keys[1];
    memset(&policy, 0, sizeof(policy));
    if (!set_suite(suite, &policy)) {
        return srtp_err_status_bad_param;
    }
    policy.ssrc.type = protect ? ssrc_any_outbound : ssrc_any_inbound;
    policy.window_size = window;
    policy.allow_repeat_tx = 0;
    if (mki_length > 0) {
        master_key.key = key;
        master_key.mki_id = mki;
        master_key.mki_size = (unsigned int)mki_length;
        keys[0] = &master_key;
        policy.keys = keys;
        policy.num_master_keys = 1;
    } else {
        policy.key = key;
    }
    return srtp_create(out, &policy);
}

static void handle_session(char *args)
{
    char role[16], suite[64], key_hex[256], mki_hex[64];
    unsigned long window = 128;
    unsigned char key[64], mki[32];
    int fields = sscanf(args, "%15s %63s %255s %63s %lu", role, suite, key_hex, mki_hex, &window);
    if (fields < 4) {
        printf("ERR usage\n");
        return;
    }
    int key_length = from_hex(key_hex, key, sizeof(key));
    int mki_length = strcmp(mki_hex, "-") == 0 ? 0 : from_hex(mki_hex, mki, sizeof(mki));
    if (key_length <= 0 || mki_length < 0) {
        printf("ERR hex\n");
        return;
    }
    if (session_open) {
        srtp_dealloc(session);
        session_open = 0;
    }
    session_protects = strcmp(role, "protect") == 0;
    session_uses_mki = mki_length > 0;
    srtp_err_status_t status = open_session(&session, session_protects, suite, key, mki, mki_length, window);
    if (status != srtp_err_status_ok) {
        printf("ERR %d\n", (int)status);
        return;
    }
    session_open = 1;
    printf("OK\n");
}

static void handle_packet(char *hex, int rtcp)
{
    static unsigned char packet[MAX_PACKET + SRTP_MAX_TRAILER_LEN + 4];
    if (!session_open) {
        printf("ERR no-session\n");
        return;
    }
    int length = from_hex(hex, packet, MAX_PACKET);
    if (length < 0) {
        printf("ERR hex\n");
        return;
    }
    srtp_err_status_t status;
    unsigned int use_mki = session_uses_mki ? 1 : 0;
    if (session_protects) {
        status = rtcp ? srtp_protect_rtcp_mki(session, packet, &length, use_mki, 0)
                      : srtp_protect_mki(session, packet, &length, use_mki, 0);
    } else {
        status = rtcp ? srtp_unprotect_rtcp_mki(session, packet, &length, use_mki)
                      : srtp_unprotect_mki(session, packet, &length, use_mki);
    }
    if (status != srtp_err_status_ok) {
        printf("ERR %d\n", (int)status);
        return;
    }
    printf("OK ");
    print_hex(packet, length);
    printf("\n");
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void fill_rtp(unsigned char *packet, int payload, unsigned int seq)
{
    memset(packet, 0xAB, 12 + (size_t)payload);
    packet[0] = 0x80;
    packet[1] = 0x60;
    packet[2] = (unsigned char)(seq >> 8);
    packet[3] = (unsigned char)seq;
    packet[8] = 0x11;
    packet[9] = 0x22;
    packet[10] = 0x33;
    packet[11] = 0x44;
}

static void handle_bench(char *args)
{
    char role[16], suite[64];
    int payload, count;
    if (sscanf(args, "%15s %63s %d %d", role, suite, &payload, &count) != 4 || payload < 0 || payload > 4000 || count <= 0 || count > 60000) {
        printf("ERR usage\n");
        return;
    }
    unsigned char key[64];
    for (int i = 0; i < (int)sizeof(key); i++) {
        key[i] = (unsigned char)(i * 7 + 1);
    }
    srtp_t sender, receiver;
    if (open_session(&sender, 1, suite, key, NULL, 0, 128) != srtp_err_status_ok) {
        printf("ERR session\n");
        return;
    }
    int stride = 12 + payload + SRTP_MAX_TRAILER_LEN + 4;
    unsigned char *packets = malloc((size_t)stride * (size_t)count);
    int *lengths = malloc(sizeof(int) * (size_t)count);
    unsigned char *work = malloc((size_t)stride);
    double elapsed;
    if (strcmp(role, "protect") == 0) {
        double start = now_ns();
        for (int i = 0; i < count; i++) {
            int length = 12 + payload;
            fill_rtp(work, payload, (unsigned int)i);
            srtp_protect(sender, work, &length);
        }
        elapsed = now_ns() - start;
    } else {
        for (int i = 0; i < count; i++) {
            lengths[i] = 12 + payload;
            fill_rtp(packets + (size_t)i * stride, payload, (unsigned int)i);
            srtp_protect(sender, packets + (size_t)i * stride, &lengths[i]);
        }
        open_session(&receiver, 0, suite, key, NULL, 0, 128);
        double start = now_ns();
        for (int i = 0; i < count; i++) {
            int length = lengths[i];
            memcpy(work, packets + (size_t)i * stride, (size_t)length);
            if (srtp_unprotect(receiver, work, &length) != srtp_err_status_ok) {
                printf("ERR unprotect\n");
                return;
            }
        }
        elapsed = now_ns() - start;
        srtp_dealloc(receiver);
    }
    srtp_dealloc(sender);
    free(packets);
    free(lengths);
    free(work);
    printf("NS %.1f\n", elapsed / count);
}

int main(void)
{
    static char line[MAX_LINE];
    if (srtp_init() != srtp_err_status_ok) {
        printf("ERR init\n");
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof(line), stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "session ", 8) == 0) {
            handle_session(line + 8);
        } else if (strncmp(line, "rtp ", 4) == 0) {
            handle_packet(line + 4, 0);
        } else if (strncmp(line, "rtcp ", 5) == 0) {
            handle_packet(line + 5, 1);
        } else if (strncmp(line, "bench ", 6) == 0) {
            handle_bench(line + 6);
        } else if (strcmp(line, "quit") == 0) {
            break;
        } else {
            printf("ERR unknown-command\n");
        }
    }
    if (session_open) {
        srtp_dealloc(session);
    }
    srtp_shutdown();
    return 0;
}
