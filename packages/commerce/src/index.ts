export { CommerceError, isCommerceError } from './commerce-error'
export type { CommerceErrorCode } from './commerce-error'
export { commerceEvents } from './commerce-events'
export type { CommerceEventDefinition, CommerceEventType } from './commerce-events'
export { inventoryLow, inventoryUpdated } from './events/inventory-events'
export type { InventoryLowPayload, InventoryUpdatedPayload } from './events/inventory-events'
export { orderCancelled, orderPlaced } from './events/order-events'
export type { OrderCancelledPayload, OrderPlacedPayload } from './events/order-events'
export {
  orderConfirmed,
  orderDelivered,
  orderPaid,
  orderRefunded,
  orderShipped,
} from './events/order-lifecycle-events'
export type {
  OrderMoneyPayload,
  OrderRefPayload,
  OrderShippedPayload,
} from './events/order-lifecycle-events'
export { priceUpdated } from './events/price-events'
export type { PriceUpdatedPayload } from './events/price-events'
export {
  productCreated,
  productDeleted,
  productPublished,
  productUpdated,
} from './events/product-events'
export type { ProductPayload } from './events/product-events'
export { variantCreated, variantDeleted, variantUpdated } from './events/variant-events'
export type { VariantPayload } from './events/variant-events'
export { currencies, currencyExponent, isCurrency } from './money/currencies'
export { divideRounded, parseDecimal } from './money/decimal'
export type { Ratio, RoundingMode } from './money/decimal'
export { allocate, applyDiscount, discountAmount } from './money/discounts'
export type { Discount } from './money/discounts'
export { formatMinor, toMinor } from './money/money-format'
export { resolvePrice } from './pricing/price-resolver'
export type {
  PriceCandidate,
  PriceContext,
  PriceListRule,
  PriceListType,
  PriceReason,
  ResolvedPrice,
} from './pricing/price-resolver'
export type { CommerceDeps, EventWriter, LocaleChain } from './commerce-deps'
export type { CommerceFieldError } from './commerce-error'
export { commerceMigrations } from './commerce-migrations'
export type {
  CommerceOptionTranslationsTable,
  CommerceOptionValuesTable,
  CommerceOptionValueTranslationsTable,
  CommerceProductOptionsTable,
  CommerceProductsTable,
  CommerceProductTranslationsTable,
  CommerceTables,
  CommerceVariantOptionValuesTable,
  CommerceVariantsTable,
  ProductStatus,
} from './commerce-tables'
export { productArchived, productRestored } from './events/product-events'
export type { ProductPage } from './catalogue/product-reads'
export { CreateProductSchema, ListProductsSchema, MAX_VARIANTS } from './catalogue/product-schemas'
export type {
  CreateProductCommand,
  CreateProductInput,
  ListProductsInput,
  OptionInput,
  ProductTranslationInput,
  VariantInput,
} from './catalogue/product-schemas'
export { createProductService } from './catalogue/product-service'
export type { ProductRef, ProductService } from './catalogue/product-service'
export { nextProductStatus, PRODUCT_TRANSITIONS } from './catalogue/product-status'
export type { ProductStatusesLeftBy, ProductTransition } from './catalogue/product-status'
export type { CommerceActor } from './catalogue/product-tx'
export type {
  Product,
  ProductImage,
  ProductListItem,
  ProductOption,
  ProductTranslation,
  ProductVariant,
} from './catalogue/product-types'
export type {
  CommerceInventoryLevelsTable,
  CommerceInventoryMovementsTable,
  CommerceReservationsTable,
  CommerceStockLocationsTable,
  MovementKind,
  ReservationStatus,
} from './commerce-tables'
export {
  reservationConverted,
  reservationCreated,
  reservationExpired,
  reservationReleased,
} from './events/reservation-events'
export type { ReservationPayload } from './events/reservation-events'
export { createInventoryService } from './inventory/inventory-service'
export type { InventoryService } from './inventory/inventory-service'
export type { InventoryLevel, LevelRef, Reservation } from './inventory/inventory-types'
export type {
  CommercePriceListsTable,
  CommercePricesTable,
  CommerceRegionsTable,
  PriceListKind,
} from './commerce-tables'
export { priceCreated, priceDeleted } from './events/price-events'
export type { PricePayload, PriceScopePayload } from './events/price-events'
export { priceListCreated, priceListDeleted, priceListUpdated } from './events/price-list-events'
export type { PriceListPayload } from './events/price-list-events'
export { regionCreated, regionDeleted, regionUpdated } from './events/region-events'
export type { RegionPayload } from './events/region-events'
export { createPricingService } from './pricing/pricing-service'
export type { PricingService } from './pricing/pricing-service'
export { resolveVariantPrices } from './pricing/price-resolution'
export { taxOf } from './pricing/tax'
export {
  IdPageSchema,
  PriceInputSchema,
  PriceListInputSchema,
  PriceListPatchSchema,
  PricePatchSchema,
  RegionInputSchema,
  RegionPatchSchema,
  ResolvePricesSchema,
} from './pricing/pricing-schemas'
export type {
  IdPageInput,
  PriceInput,
  PriceListInput,
  PriceListPatch,
  PricePatch,
  RegionInput,
  RegionPatch,
  ResolvePricesInput,
} from './pricing/pricing-schemas'
export type {
  IdPage,
  PriceList,
  PriceTax,
  Region,
  ResolvedPrices,
  StoredPrice,
  VariantPrice,
} from './pricing/pricing-types'
export { createCollectionService } from './grouping/collection-service'
export type { CollectionService } from './grouping/collection-service'
export { ListCollectionsSchema } from './grouping/collection-reads'
export type { CollectionPage, ListCollectionsInput } from './grouping/collection-reads'
export type { CollectionRef } from './grouping/collection-writes'
export { createProductCategoryService } from './grouping/category-service'
export type { ProductCategoryService } from './grouping/category-service'
export type { ProductCategoryRef } from './grouping/category-writes'
export {
  CreateCollectionSchema,
  CreateProductCategorySchema,
  MAX_COLLECTION_PRODUCTS,
  MAX_PRODUCT_CATEGORY_DEPTH,
  UpdateCollectionSchema,
  UpdateProductCategorySchema,
} from './grouping/grouping-schemas'
export type {
  CategoryTranslationCommand,
  CategoryTranslationInput,
  CollectionTranslationCommand,
  CollectionTranslationInput,
  CreateCollectionInput,
  CreateProductCategoryInput,
  UpdateCollectionCommand,
  UpdateCollectionInput,
  UpdateProductCategoryCommand,
  UpdateProductCategoryInput,
} from './grouping/grouping-schemas'
export type {
  Collection,
  CollectionSummary,
  CollectionTranslation,
  ProductCategory,
  ProductCategoryNode,
  ProductCategoryTranslation,
} from './grouping/grouping-types'
export type {
  CommerceCategoriesTable,
  CommerceCategoryTranslationsTable,
  CommerceCollectionProductsTable,
  CommerceCollectionsTable,
  CommerceCollectionTranslationsTable,
  CommerceProductCategoriesTable,
  CommerceProductImagesTable,
  CommerceProductTagsTable,
  GroupingTables,
} from './grouping/grouping-tables'
export {
  collectionCreated,
  collectionDeleted,
  collectionUpdated,
  productCategoryCreated,
  productCategoryDeleted,
  productCategoryUpdated,
} from './events/grouping-events'
export type { CollectionPayload, ProductCategoryPayload } from './events/grouping-events'
export {
  AddVariantSchema,
  UpdateProductSchema,
  UpdateVariantSchema,
} from './catalogue/product-update-schemas'
export type {
  AddVariantInput,
  ProductTranslationPatch,
  UpdateProductCommand,
  UpdateProductInput,
  UpdateVariantCommand,
  UpdateVariantInput,
} from './catalogue/product-update-schemas'
export type {
  ProductImageCommand,
  ProductImageInput,
  ProductLinksCommand,
  ProductLinksInput,
} from './catalogue/product-links-schemas'
export type { MediaLookup } from './commerce-deps'
export { createStorefrontService } from './storefront/storefront-service'
export type { StorefrontService } from './storefront/storefront-service'
export type {
  Localized,
  StorefrontListItem,
  StorefrontProduct,
  StorefrontVariant,
} from './storefront/storefront-types'
export type { StockLocation, VariantAvailability } from './inventory/inventory-reads'
export { AddOptionSchema, UpdateOptionSchema } from './catalogue/option-schemas'
export type {
  AddOptionInput,
  OptionNames,
  UpdateOptionInput,
  ValueLabels,
} from './catalogue/option-schemas'
export { MAX_OPTIONS } from './catalogue/option-writes'
export { createProductIndexSource } from './catalogue/product-index-source'
export type {
  IndexedProductCategory,
  ProductIndexRecord,
  ProductIndexSource,
} from './catalogue/product-index-source'

// Carts, customers' addresses, shipping options and promotions (ADR 0033).
export { cartTotals } from './cart/cart-totals'
export type { CartTotals, LineTotals, TaxRule, TotalsInput, TotalsLine } from './cart/cart-totals'
export { createCartService } from './cart/cart-service'
export type { CartPageKey, CartService } from './cart/cart-service'
export type { Cart, CartLine, CartPromotion, CartRef, CartTotalsView } from './cart/cart-types'
export {
  CartInputSchema,
  CartPatchSchema,
  DiscountCodeInputSchema,
  LineInputSchema,
  LinePatchSchema,
  PromotionCodeSchema,
  ShippingSelectionSchema,
} from './cart/cart-schemas'
export type { CartInput, CartPatch, LineInput, LinePatch } from './cart/cart-schemas'
export { AddressSchema } from './cart/address-schema'
export type { AddressInput } from './cart/address-schema'
export type {
  CartTables,
  CommerceCartLinesTable,
  CommerceCartPromotionsTable,
  CommerceCartsTable,
  CommerceCustomerAddressesTable,
  CommercePromotionRedemptionsTable,
  CommercePromotionsTable,
  CommercePromotionUsagesTable,
  CommerceShippingOptionsTable,
  StoredAddress,
} from './cart/cart-tables'
export { loadCartForCheckout, markCartCompleted } from './cart/cart-checkout'
export type { CheckoutCart, MarkCartCompletedInput } from './cart/cart-checkout'
export { createPromotionService } from './cart/promotion-service'
export type { PromotionService } from './cart/promotion-service'
export type { Promotion, PromotionRefusal } from './cart/promotion-rules'
export { PromotionInputSchema, PromotionPatchSchema } from './cart/promotion-schemas'
export type { PromotionFields, PromotionInput, PromotionPatch } from './cart/promotion-schemas'
export { redeemPromotion, releasePromotion } from './cart/promotion-redemption'
export type {
  PromotionRedemption,
  RedeemPromotionInput,
  RedeemPromotionResult,
  ReleasePromotionInput,
} from './cart/promotion-redemption'
export { createShippingOptionService } from './cart/shipping-option-service'
export type { ShippingOption, ShippingOptionService } from './cart/shipping-option-service'
export {
  ShippingOptionInputSchema,
  ShippingOptionPatchSchema,
} from './cart/shipping-option-schemas'
export type { ShippingOptionInput, ShippingOptionPatch } from './cart/shipping-option-schemas'
export {
  createCustomerAddressService,
  MAX_CUSTOMER_ADDRESSES,
} from './cart/customer-address-service'
export type {
  CustomerAddress,
  CustomerAddressService,
  CustomerRef,
} from './cart/customer-address-service'
export { cartEvents } from './events/cart-event-list'
export type { CartEventDefinition } from './events/cart-event-list'
export { cartCompleted, cartCreated, cartUpdated } from './events/cart-events'
export type {
  CartChange,
  CartCompletedPayload,
  CartCreatedPayload,
  CartUpdatedPayload,
} from './events/cart-events'
export { promotionRedeemed, promotionReleased } from './events/promotion-events'
export type { PromotionPayload, PromotionRedemptionPayload } from './events/promotion-events'
// Orders, payments and the checkout saga (ADR 0034).
export { ORDER_TRANSITIONS, canTake, nextOrderStatus } from './orders/order-status'
export type {
  OrderIn,
  OrderStatus,
  OrderStatusesLeftBy,
  OrderTransition,
} from './orders/order-status'
export { createOrderService } from './orders/order-service'
export type { OrderService, PaymentOptions } from './orders/order-service'
export type { OrderScope } from './orders/order-reads'
export type { OrderCommand } from './orders/order-move'
export { replayOrder } from './orders/order-history'
export type { OrderHistoryEntry, ReplayedOrder } from './orders/order-history'
export {
  CancelOrderSchema,
  ListOrdersSchema,
  RefundOrderSchema,
  ShipOrderSchema,
} from './orders/order-schemas'
export type {
  CancelOrderInput,
  ListOrdersInput,
  RefundOrderInput,
  ShipOrderInput,
} from './orders/order-schemas'
export type {
  Order,
  OrderAddress,
  OrderLine,
  OrderPage,
  OrderPayment,
  OrderSummary,
  PaymentTransaction,
} from './orders/order-types'
export type {
  CheckoutStep,
  CommerceCheckoutsTable,
  CommerceOrderCountersTable,
  CommerceOrderEventsTable,
  CommerceOrderLinesTable,
  CommerceOrdersTable,
  CommercePaymentTransactionsTable,
  CommercePaymentsTable,
  OrderTables,
} from './orders/order-tables'
export { createCheckoutService } from './checkout/checkout-service'
export type { CheckoutOptions, CheckoutService, CheckoutStatus } from './checkout/checkout-service'
export type { CheckoutResult, CompleteCartCommand } from './checkout/checkout-start'
export { CHECKOUT_DEFAULTS } from './checkout/checkout-deps'
export { manualPaymentProvider } from './payments/manual-provider'
export { createTestPaymentProvider, memoryTestProviderStore } from './payments/test-provider'
export type {
  ScriptedCall,
  ScriptedOutcome,
  TestAuthorization,
  TestPaymentProvider,
  TestProviderStore,
} from './payments/test-provider'
export type {
  AuthorizeRequest,
  AuthorizeResult,
  MoneyMoveRequest,
  PaymentProvider,
  ProviderAmount,
  ProviderWebhookEvent,
  ProviderWebhookRequest,
} from './payments/payment-provider'
export { checkoutFailed, checkoutStarted } from './events/checkout-events'
export type { CheckoutFailedPayload, CheckoutStartedPayload } from './events/checkout-events'
