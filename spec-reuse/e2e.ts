// A TypeScript merchant backend built on a client that a third-party generator
// (@hey-api/openapi-ts, pinned in package.json) writes from openapi/webpos.yaml alone, run
// against a WebPOS server: it logs in, creates, gets, lists, triggers a callback and verifies
// its signature, and cancels. `make spec-reuse-e2e` generates the client and compiles this
// file; tests/test_spec_reuse_e2e.py starts the sandbox and runs it.
//
// Environment: WEBPOS_BASE_URL, WEBPOS_CLIENT_ID, WEBPOS_SECRET, WEBPOS_RECEIVER_PORT (where the
// server delivers callbacks), WEBPOS_VECTOR (the spec's x-webpos-signature-test-vector, as JSON).
// Prints one JSON line: what each step saw. Exits non-zero, naming the step, on any surprise.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import { client } from "./generated/hey-api/client.gen";
import {
    clientCredentialsLogin,
    createPaymentOrder,
    deletePaymentOrder,
    getCallbacks,
    getPaymentOrder,
    getPaymentOrders,
    paymentUpdate,
} from "./generated/hey-api/sdk.gen";
import type { CallbackEvent, ErrorCode } from "./generated/hey-api/types.gen";

function env(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") {
        throw new Error(`${name} is not set`);
    }
    return value;
}

// ------------------------------------------------------------------ the signature scheme

/** base64(HMAC-SHA512(key = SHA-256(secret as UTF-8), message = raw body)), compared in constant time. */
export function signatureMatches(rawBody: Buffer, signature: string, secret: string): boolean {
    const key = createHash("sha256").update(secret, "utf8").digest();
    const expected = createHmac("sha512", key).update(rawBody).digest();
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Vector {
    secret: string;
    body: string;
    signature: string;
}

// ------------------------------------------------------------------ the callback receiver

interface Received {
    event: CallbackEvent["event"];
    uuid: string;
    status: string;
    verified: boolean;
}

function receiver(port: number, secret: string): { received: Received[]; close: () => void; ready: Promise<void> } {
    const received: Received[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
            const raw = Buffer.concat(chunks);
            const header = request.headers["chainside-signature"];
            const verified = typeof header === "string" && signatureMatches(raw, header, secret);
            if (!verified) {
                response.writeHead(400).end("bad signature");
                return;
            }
            const event = JSON.parse(raw.toString("utf8")) as CallbackEvent; // trusted only once verified
            received.push({ event: event.event, uuid: event.object.uuid, status: event.object.state.status, verified });
            response.writeHead(200).end("ok");
        });
    });
    const ready = new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return { received, close: () => server.close(), ready };
}

async function waitFor(received: Received[], event: string, uuid: string): Promise<Received> {
    const deadline = Date.now() + 10_000;
    for (;;) {
        const found = received.find((r) => r.event === event && r.uuid === uuid);
        if (found !== undefined) {
            return found;
        }
        if (Date.now() > deadline) {
            throw new Error(`no ${event} callback for ${uuid} within 10 s (got ${JSON.stringify(received)})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

function check(condition: boolean, what: string): void {
    if (!condition) {
        throw new Error(what);
    }
}

// ------------------------------------------------------------------ the flow

async function main(): Promise<void> {
    const clientId = env("WEBPOS_CLIENT_ID");
    const secret = env("WEBPOS_SECRET");
    const vector = JSON.parse(env("WEBPOS_VECTOR")) as Vector;
    const seen: Record<string, unknown> = {};

    seen["vector"] = signatureMatches(Buffer.from(vector.body, "utf8"), vector.signature, vector.secret);
    check(seen["vector"] === true, "the spec's signature test vector does not verify");
    check(
        !signatureMatches(Buffer.from(vector.body + " ", "utf8"), vector.signature, vector.secret),
        "a changed body still verifies",
    );

    const inbox = receiver(Number(env("WEBPOS_RECEIVER_PORT")), secret);
    await inbox.ready;
    const headers = { "X-Api-Version": "v1" } as const;
    let token = "";
    client.setConfig({
        baseUrl: env("WEBPOS_BASE_URL"),
        headers: { Accept: "application/json" },
        // The generated client asks for the credentials of each operation's security scheme.
        auth: (scheme) => (scheme.scheme === "basic" ? `${clientId}:${secret}` : token),
    });
    try {
        const login = await clientCredentialsLogin({
            headers,
            body: { grant_type: "client_credentials", scope: "*" },
            throwOnError: true,
        });
        token = login.data.access_token;
        seen["login"] = { token_type: login.data.token_type, expires_in: login.data.expires_in };

        const created = await createPaymentOrder({
            headers,
            body: { amount: "12.50", reference: "ts-e2e", callback_url: "https://shop.example.com/webpos/callback" },
            throwOnError: true,
        });
        const uuid = created.data.uuid;
        const satoshi: number = created.data.amount;
        seen["create"] = { uuid, satoshi, status: created.response.status };

        const order = await getPaymentOrder({ headers, path: { payment_order_uuid: uuid }, throwOnError: true });
        check(order.data.uuid === uuid && order.data.state.status === "pending", "get: not the pending order");
        seen["get"] = { status: order.data.state.status, amount: order.data.amount, currency: order.data.currency.name };

        const page = await getPaymentOrders({ headers, query: { page: 0, page_size: 40 }, throwOnError: true });
        const listed = (page.data.paymentorders ?? []).map((o) => o.uuid);
        check(listed.includes(uuid), "list: the new order is missing");
        seen["list"] = { total_items: page.data.total_items, found: true };

        const moves = await getCallbacks({ headers, path: { payment_order_uuid: uuid }, throwOnError: true });
        const names = moves.data.callbacks.map((c) => c.name);
        check(names.includes("payment.completed"), `callbacks: ${names.join(", ")}`);
        seen["callbacks"] = names;

        await paymentUpdate({
            headers,
            path: { payment_order_uuid: uuid },
            body: { callback: "payment.completed" },
            throwOnError: true,
        });
        const completed = await waitFor(inbox.received, "payment.completed", uuid);
        seen["callback"] = completed;
        const paid = await getPaymentOrder({ headers, path: { payment_order_uuid: uuid }, throwOnError: true });
        check(paid.data.state.status === "paid", `after the callback the order is ${paid.data.state.status}`);

        const second = await createPaymentOrder({ headers, body: { amount: "3.00" }, throwOnError: true });
        const cancelled = await deletePaymentOrder({
            headers,
            path: { payment_order_uuid: second.data.uuid },
            throwOnError: true,
        });
        const cancelCallback = await waitFor(inbox.received, "payment.cancelled", second.data.uuid);
        seen["cancel"] = { cancel_url: cancelled.data.cancel_url, callback: cancelCallback };

        // A documented error, read through the generated error types.
        const missing = await getPaymentOrder({
            headers,
            path: { payment_order_uuid: "00000000-0000-4000-8000-000000000000" },
        });
        const code: ErrorCode | undefined = missing.error?.error_code;
        check(missing.response.status === 404 && code === "3001", `not found: ${missing.response.status} ${code}`);
        seen["not_found"] = { status: missing.response.status, error_code: code };
    } finally {
        inbox.close();
    }
    process.stdout.write(JSON.stringify(seen) + "\n");
}

main().catch((error: unknown) => {
    process.stderr.write(`spec-reuse e2e failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
});
