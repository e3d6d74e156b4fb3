-- CreateEnum
CREATE TYPE "Modality" AS ENUM ('PRESENTIEL', 'DISTANCE', 'MIXTE');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('CONFIRMED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "company" (
    "id" UUID NOT NULL,
    "name" TEXT,
    "size" TEXT,
    "sector" TEXT,
    "contact" TEXT,
    "channel_id" TEXT,
    "user_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "need" (
    "id" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "occupation_said" TEXT NOT NULL,
    "rome" VARCHAR(5),
    "rome_label" TEXT,
    "domain" CHAR(1),
    "confidence" DOUBLE PRECISION NOT NULL,
    "headcount" INTEGER NOT NULL,
    "headcount_said" TEXT NOT NULL,
    "headcount_approximate" BOOLEAN NOT NULL DEFAULT false,
    "deadline_said" TEXT,
    "deadline_start" DATE,
    "deadline_end" DATE,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "place_said" TEXT NOT NULL,
    "commune_insee" VARCHAR(5),
    "commune_name" TEXT NOT NULL,
    "in_metropole" BOOLEAN NOT NULL,
    "modality" "Modality",
    "modality_said" TEXT,
    "status" "NeedStatus" NOT NULL DEFAULT 'CONFIRMED',
    "consent_to_contact" BOOLEAN NOT NULL DEFAULT false,
    "channel_id" TEXT NOT NULL,
    "conversation_id" TEXT,
    "user_id" TEXT,
    "company_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "need_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "company_channel_id_user_id_idx" ON "company"("channel_id", "user_id");

-- CreateIndex
CREATE INDEX "need_created_at_idx" ON "need"("created_at");

-- CreateIndex
CREATE INDEX "need_rome_deadline_end_idx" ON "need"("rome", "deadline_end");

-- CreateIndex
CREATE INDEX "need_domain_deadline_end_idx" ON "need"("domain", "deadline_end");

-- CreateIndex
CREATE INDEX "need_commune_insee_deadline_end_idx" ON "need"("commune_insee", "deadline_end");

-- CreateIndex
CREATE INDEX "need_status_deadline_end_idx" ON "need"("status", "deadline_end");

-- CreateIndex
CREATE INDEX "need_company_id_idx" ON "need"("company_id");

-- CreateIndex
CREATE INDEX "need_channel_id_user_id_idx" ON "need"("channel_id", "user_id");

-- AddForeignKey
ALTER TABLE "need" ADD CONSTRAINT "need_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "company"("id") ON DELETE SET NULL ON UPDATE CASCADE;
