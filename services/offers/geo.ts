// Where distances are measured from: the town hall ("mairie") of each of the Métropole's 58 communes
// and of Lyon's 9 arrondissements; for Lyon itself (69123), the Hôtel de Ville on place des Terreaux.
//
// Source and accuracy: positions read from public maps (OpenStreetMap and the communes' published
// coordinates) as known when this table was written, not computed from a geocoder, to 4 decimals
// (about 10 m of resolution, but expect an error of a few hundred metres). Good enough to say "about
// 6 km away" and to filter by a radius of a few kilometres; check a point against the Base Adresse
// Nationale (adresse.data.gouv.fr) before relying on sub-kilometre distances.
// The codes are those of PlaceIndex.metropole() (test/geo.test.ts checks they match exactly).

export interface LatLon {
  latitude: number;
  longitude: number;
}

// INSEE code → [latitude, longitude] of the town hall.
const TOWN_HALLS: Record<string, readonly [number, number]> = {
  '69003': [45.8672, 4.8336], // Albigny-sur-Saône
  '69029': [45.7389, 4.9131], // Bron
  '69033': [45.853, 4.8756], // Cailloux-sur-Fontaines
  '69034': [45.7956, 4.8467], // Caluire-et-Cuire
  '69040': [45.7947, 4.7908], // Champagne-au-Mont-d'Or
  '69044': [45.7808, 4.7458], // Charbonnières-les-Bains
  '69046': [45.6494, 4.7942], // Charly
  '69063': [45.8169, 4.8447], // Collonges-au-Mont-d'Or
  '69068': [45.8456, 4.8278], // Couzon-au-Mont-d'Or
  '69069': [45.7447, 4.7244], // Craponne
  '69071': [45.8692, 4.82], // Curis-au-Mont-d'Or
  '69072': [45.8058, 4.7531], // Dardilly
  '69081': [45.7753, 4.7781], // Écully
  '69085': [45.8611, 4.845], // Fleurieu-sur-Saône
  '69087': [45.8444, 4.8553], // Fontaines-Saint-Martin
  '69088': [45.8342, 4.8453], // Fontaines-sur-Saône
  '69089': [45.7361, 4.7639], // Francheville (Francheville-le-Haut)
  '69091': [45.5906, 4.7689], // Givors
  '69096': [45.6094, 4.7906], // Grigny-sur-Rhône
  '69100': [45.6739, 4.8222], // Irigny
  '69116': [45.8372, 4.7722], // Limonest
  '69117': [45.8664, 4.7422], // Lissieu
  '69123': [45.7676, 4.8364], // Lyon: Hôtel de Ville, place des Terreaux
  '69127': [45.7842, 4.7144], // Marcy-l'Étoile
  '69142': [45.7306, 4.8119], // La Mulatière
  '69143': [45.8761, 4.8417], // Neuville-sur-Saône
  '69149': [45.7144, 4.8081], // Oullins-Pierre-Bénite (town hall of Oullins)
  '69153': [45.8567, 4.8039], // Poleymieux-au-Mont-d'Or
  '69163': [45.9103, 4.7769], // Quincieux
  '69168': [45.8417, 4.8383], // Rochetaillée-sur-Saône
  '69191': [45.8158, 4.8181], // Saint-Cyr-au-Mont-d'Or
  '69194': [45.8117, 4.7994], // Saint-Didier-au-Mont-d'Or
  '69199': [45.7086, 4.8528], // Saint-Fons
  '69202': [45.7339, 4.7933], // Sainte-Foy-lès-Lyon
  '69204': [45.6958, 4.7925], // Saint-Genis-Laval
  '69205': [45.7592, 4.7267], // Saint-Genis-les-Ollières
  '69207': [45.8839, 4.8019], // Saint-Germain-au-Mont-d'Or
  '69233': [45.835, 4.8225], // Saint-Romain-au-Mont-d'Or
  '69244': [45.7633, 4.78], // Tassin-la-Demi-Lune
  '69250': [45.8133, 4.7161], // La Tour-de-Salvagny
  '69256': [45.7778, 4.9203], // Vaulx-en-Velin
  '69259': [45.6975, 4.8864], // Vénissieux
  '69260': [45.6481, 4.8117], // Vernaison
  '69266': [45.7664, 4.8797], // Villeurbanne: place Lazare-Goujon
  '69271': [45.745, 4.9672], // Chassieu
  '69273': [45.6681, 4.9019], // Corbas
  '69275': [45.7692, 4.96], // Décines-Charpieu
  '69276': [45.6728, 4.8592], // Feyzin
  '69278': [45.8981, 4.8411], // Genay
  '69279': [45.7944, 5.0467], // Jonage
  '69282': [45.7669, 5.0036], // Meyzieu
  '69283': [45.6631, 4.9558], // Mions
  '69284': [45.8803, 4.8664], // Montanay
  '69286': [45.8203, 4.8978], // Rillieux-la-Pape
  '69290': [45.6958, 4.9439], // Saint-Priest
  '69292': [45.825, 4.8731], // Sathonay-Camp
  '69293': [45.8336, 4.8806], // Sathonay-Village
  '69296': [45.6403, 4.8394], // Solaize
  '69381': [45.7699, 4.8286], // Lyon 1er: place Sathonay
  '69382': [45.7533, 4.8281], // Lyon 2e: rue d'Enghien
  '69383': [45.7594, 4.8453], // Lyon 3e: rue Duguesclin
  '69384': [45.7749, 4.8276], // Lyon 4e: boulevard de la Croix-Rousse
  '69385': [45.7597, 4.8036], // Lyon 5e: Point-du-Jour
  '69386': [45.7689, 4.8486], // Lyon 6e: rue de Sèze
  '69387': [45.7456, 4.8425], // Lyon 7e: place Jean-Macé
  '69388': [45.7347, 4.8708], // Lyon 8e: avenue Jean-Mermoz
  '69389': [45.7742, 4.805], // Lyon 9e: place du Marché, Vaise
};

/** The town hall of a commune or arrondissement of the Métropole; undefined for any other code. */
export function communeCentre(insee: string): LatLon | undefined {
  const point = TOWN_HALLS[insee];
  return point && { latitude: point[0], longitude: point[1] };
}

/** Every code of the table (the Métropole's communes and Lyon's arrondissements). */
export function knownCommunes(): string[] {
  return Object.keys(TOWN_HALLS);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
