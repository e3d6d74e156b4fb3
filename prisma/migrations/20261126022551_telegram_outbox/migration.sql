-- CreateTable
CREATE TABLE "telegram_outbox" (
    "id" BIGSERIAL NOT NULL,
    "chat_id" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "not_before" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telegram_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "telegram_outbox_chat_id_id_idx" ON "telegram_outbox"("chat_id", "id");
