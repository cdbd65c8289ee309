// What a TypeScript merchant backend would write against types generated from
// openapi/webpos.yaml by openapi-typescript (`make spec-reuse`). It is only type-checked
// (tsc --strict --noEmit), never run: a spec that is broken, ambiguous or looser than the
// API it documents makes this file fail to compile.
//
// Every `@ts-expect-error` below is an assertion that the generated types are strict: if the
// spec stopped requiring a field, or widened an enum, the line would compile and tsc would
// then fail with "Unused '@ts-expect-error' directive".

import type { components, operations, paths, webhooks } from "./generated/webpos";

type Schemas = components["schemas"];
type Json<T extends { content: { "application/json": unknown } }> = T["content"]["application/json"];

// ------------------------------------------------------------------ creating a payment order

type CreateOrder = paths["/payment-order"]["post"];
export type PaymentOrderCreation = Json<CreateOrder["requestBody"]>;
export type PaymentOrderCreationResponse = Json<CreateOrder["responses"]["2XX"]>;

export const newOrder: PaymentOrderCreation = {
    amount: "25.00",
    details: "2 x espresso beans 250 g",
    reference: "order-10023",
    callback_url: "https://shop.example.com/webpos/callback",
    continue_url: "https://shop.example.com/checkout/thanks",
    cancel_url: null,
    required_confirmations: 3,
};

// @ts-expect-error `amount` is required
export const orderWithoutAmount: PaymentOrderCreation = { reference: "order-10024" };

// @ts-expect-error `required_confirmations` is an integer, not a string
export const orderWithStringConfirmations: PaymentOrderCreation = { amount: "1.00", required_confirmations: "3" };

// The API version header is part of every operation, and `v1` is its only value.
export const headers: CreateOrder["parameters"]["header"] = { "X-Api-Version": "v1" };
// @ts-expect-error only `v1` exists
export const futureHeaders: CreateOrder["parameters"]["header"] = { "X-Api-Version": "v2" };

export function paymentPage(created: PaymentOrderCreationResponse): { uuid: string; url: string; satoshi: number } {
    return { uuid: created.uuid, url: created.redirect_url ?? created.uri, satoshi: created.amount };
}

// ------------------------------------------------------------------ reading payment orders

export type PaymentOrderRetrieval = Json<paths["/payment-order/{payment_order_uuid}"]["get"]["responses"]["2XX"]>;

export function describe(order: PaymentOrderRetrieval): string {
    const status: Schemas["PaymentStatus"] = order.state.status;
    const paid = order.state.paid?.fiat ?? "0.00";
    const unpaidSatoshi: number = order.state.unpaid?.crypto ?? 0;
    const confirmations = order.transactions?.map((tx) => `${tx.txid}:${tx.blockchain_status}`) ?? [];
    return [
        `${order.uuid} ${order.amount} ${order.currency.name} (${order.btc_amount} sat at ${order.rate.value})`,
        `${status}/${order.state.blockchain_status}, paid ${paid}, ${unpaidSatoshi} sat to go`,
        `reference ${order.reference ?? "-"}, expires ${order.expiration_time}, resolved ${order.resolved_at ?? "not yet"}`,
        `created by ${order.created_by.name} into ${order.created_by.deposit_account.name}`,
        ...confirmations,
    ].join("\n");
}

export function isSettled(order: PaymentOrderRetrieval): boolean {
    // A switch over every PaymentStatus: adding a status to the spec breaks the `never` below.
    switch (order.state.status) {
        case "paid":
        case "cancelled":
        case "expired":
        case "chargeback":
            return true;
        case "pending":
        case "network_dispute":
            return false;
        default: {
            const unknown: never = order.state.status;
            return unknown;
        }
    }
}

type ListQuery = NonNullable<operations["get_payment_orders"]["parameters"]["query"]>;
export const secondPage: ListQuery = { page: 1, page_size: 40, sort_by: "created_at", sort_order: "desc", status: "paid" };
// @ts-expect-error `sort_order` is `asc` or `desc`
export const badSort: ListQuery = { sort_order: "up" };

export function uuidsOf(list: Json<paths["/payment-order"]["get"]["responses"]["2XX"]>): string[] {
    const orders: PaymentOrderRetrieval[] = list.paymentorders ?? [];
    return orders.map((order) => order.uuid).concat(`${list.total_items} in ${list.total_pages} pages`);
}

// ------------------------------------------------------------------ errors

export type ApiError = Json<paths["/payment-order/{payment_order_uuid}"]["get"]["responses"][404]>;

/** One name per documented error code: a code added to the spec must be added here too. */
export const errorNames = {
    "0001": "ValidationError",
    "0013": "InvalidCallback",
    "1001": "UnauthorizedClient",
    "1002": "InvalidGrantType",
    "1004": "AccessTokenExpired",
    "1006": "InvalidRefreshToken",
    "1007": "InvalidAccessToken",
    "1012": "Forbidden",
    "1013": "InvalidScope",
    "1018": "InvalidRealm",
    "2000": "TooManyRequests",
    "3001": "NotFound",
    "3003": "MethodNotAllowed",
    "3007": "InvalidAuthorizationHeader",
    "3012": "InvalidContentTypeHeader",
    "3013": "InvalidAcceptHeader",
    "4000": "InternalServerError",
    "4003": "RateUnavailable",
    "4006": "FunctionalityDown",
} as const satisfies Record<Schemas["ErrorCode"], string>;

export type ErrorAction =
    | { kind: "login-again" }
    | { kind: "retry-later" }
    | { kind: "gone"; requestId: string | null }
    | { kind: "fail"; name: (typeof errorNames)[Schemas["ErrorCode"]] };

export function onError(error: ApiError): ErrorAction {
    switch (error.error_code) {
        case "1004":
            return { kind: "login-again" };
        case "2000":
        case "4003":
        case "4006":
            return { kind: "retry-later" };
        case "3001":
            return { kind: "gone", requestId: error.request_id ?? null };
        default:
            return { kind: "fail", name: errorNames[error.error_code] };
    }
}

// @ts-expect-error error codes are the documented four-digit strings only
export const unknownCode: Schemas["ErrorCode"] = "9999";
// @ts-expect-error error codes are strings (leading zeros matter), not numbers
export const numericCode: ApiError = { error_code: 1 };

// ------------------------------------------------------------------ callbacks (webhooks)

type Completed = webhooks["payment.completed"]["post"];
export type CallbackEvent = Json<Completed["requestBody"]>;
export type CallbackHeaders = Completed["parameters"]["header"];

export function signatureOf(received: CallbackHeaders): string {
    return received["chainside-signature"];
}

export function onCallback(event: CallbackEvent): string {
    const order: Schemas["CallbackPaymentOrder"] = event.object;
    switch (event.event) {
        case "payment.completed":
        case "payment.overpaid":
            return `ship ${order.uuid} (${order.reference ?? "no reference"}), then send the payer to ${order.continue_url ?? "-"}`;
        case "payment.dispute.start":
            return `hold ${order.uuid} since ${order.dispute_start_date ?? event.created_at}`;
        case "payment.dispute.end":
            return `release ${order.uuid}`;
        case "payment.cancelled":
        case "payment.expired":
            return `forget ${order.uuid}; payer goes to ${order.cancel_url ?? "-"}`;
        case "payment.chargeback":
            return `refund process for ${order.uuid} (${order.chargeback_date ?? "date unknown"})`;
        default: {
            const unknown: never = event.event;
            return unknown;
        }
    }
}

// Every event name in the spec's `webhooks` is an EventType, and the other way round.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const webhooksAreTheEvents: Same<keyof webhooks, Schemas["EventType"]> = true;

// @ts-expect-error `payment.refunded` is not an event of this API
export const unknownEvent: CallbackEvent["event"] = "payment.refunded";

// @ts-expect-error a callback always carries the payment order
export const eventWithoutOrder: CallbackEvent = { event: "payment.completed", object_type: "payment_order", created_at: "2026-11-23T10:15:42Z" };

// In a callback `details` is a required key (possibly null), unlike in a retrieval.
export const detailsInCallbacks: Schemas["CallbackPaymentOrder"]["details"] = null;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
export const detailsIsRequired: "details" extends RequiredKeys<Schemas["CallbackPaymentOrder"]> ? true : false = true;
// @ts-expect-error `details` may be left out of a retrieval
export const detailsIsOptionalInRetrieval: "details" extends RequiredKeys<Schemas["PaymentOrderRetrieval"]> ? true : false = true;
