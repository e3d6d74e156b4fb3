// The town halls distances are measured from: one for each commune and arrondissement of the
// Métropole, all inside it, and distances that agree with a map.
import { communeCentre, distanceKm, knownCommunes } from '../services/offers/geo';
import { PlaceIndex } from '../services/understanding/places';

const at = (insee: string) => communeCentre(insee)!;

describe('the town hall table', () => {
  it('covers exactly the 58 communes and 9 arrondissements of the Métropole', () => {
    const metropole = PlaceIndex.load().metropole().map((p) => p.insee);
    expect(metropole).toHaveLength(67);
    expect([...knownCommunes()].sort()).toEqual([...metropole].sort());
    for (const code of metropole) expect(communeCentre(code)).toBeDefined();
  });

  it('puts every town hall inside the Métropole’s bounding box', () => {
    for (const code of knownCommunes()) {
      const { latitude, longitude } = at(code);
      expect(latitude).toBeGreaterThan(45.55);
      expect(latitude).toBeLessThan(45.95);
      expect(longitude).toBeGreaterThan(4.65);
      expect(longitude).toBeLessThan(5.1);
    }
  });

  it('knows nothing of communes outside the Métropole', () => {
    expect(communeCentre('69264')).toBeUndefined(); // Villefranche-sur-Saône
    expect(communeCentre('38185')).toBeUndefined(); // Grenoble
    expect(communeCentre('')).toBeUndefined();
  });

  it.each([
    ['Lyon Hôtel de Ville → Villeurbanne', '69123', '69266', 3, 4],
    ['Lyon Hôtel de Ville → Givors', '69123', '69091', 19, 22],
    ['Lyon Hôtel de Ville → Vénissieux', '69123', '69259', 8, 9.5],
    ['Lyon Hôtel de Ville → Meyzieu', '69123', '69282', 12, 14],
    ['Givors → Vaulx-en-Velin', '69091', '69256', 22, 26],
  ])('measures %s like a map does', (_what, from, to, min, max) => {
    const km = distanceKm(at(from), at(to));
    expect(km).toBeGreaterThanOrEqual(min);
    expect(km).toBeLessThanOrEqual(max);
  });

  it('keeps neighbouring communes close and Lyon’s arrondissements within a few km of each other', () => {
    expect(distanceKm(at('69292'), at('69293'))).toBeLessThan(2); // Sathonay-Camp, Sathonay-Village
    expect(distanceKm(at('69091'), at('69096'))).toBeLessThan(4); // Givors, Grigny
    expect(distanceKm(at('69088'), at('69087'))).toBeLessThan(2.5); // Fontaines-sur-Saône, Fontaines-Saint-Martin
    const arrondissements = ['69381', '69382', '69383', '69384', '69385', '69386', '69387', '69388', '69389'];
    for (const a of arrondissements) {
      expect(distanceKm(at('69123'), at(a))).toBeLessThan(5);
      for (const b of arrondissements) expect(distanceKm(at(a), at(b))).toBeLessThan(7);
    }
  });

  it('measures nothing between a point and itself, and the same both ways', () => {
    expect(distanceKm(at('69123'), at('69123'))).toBe(0);
    expect(distanceKm(at('69029'), at('69290'))).toBeCloseTo(distanceKm(at('69290'), at('69029')), 10);
  });
});
